import { EnvironmentOutlined, PhoneOutlined } from "@ant-design/icons";
import {
	Button,
	Card,
	DatePicker,
	Empty,
	Flex,
	List,
	Skeleton,
	Tag,
	Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import {
	ApiErrorAlert,
	companyToday,
	dayjs,
	formatDateTime,
	PageHeader,
} from "../../components";
import { useMyJobs } from "./api";
import { navigationUrl, RepairStateTag } from "./labels";

/**
 * 我的工单 — the technician's phone view (R-REP-5): today's jobs in appointment order, each with the
 * customer, a call button, navigation to the address, and the way into the job (record work, parts,
 * photos, signature).
 */
export function MyJobsPage() {
	const { t } = useTranslation("repairs");
	const [date, setDate] = useState(companyToday());
	const jobs = useMyJobs(date);
	return (
		<div style={{ maxWidth: 720 }}>
			<PageHeader
				title={t("myJobs.title")}
				extra={
					<DatePicker
						value={dayjs(date)}
						allowClear={false}
						onChange={(d) => d && setDate(d.format("YYYY-MM-DD"))}
						aria-label={t("field.date")}
					/>
				}
			/>
			{jobs.isLoading ? (
				<Skeleton active />
			) : jobs.error ? (
				<ApiErrorAlert error={jobs.error} onReload={() => jobs.refetch()} />
			) : (jobs.data?.items.length ?? 0) === 0 ? (
				<Empty description={t("myJobs.empty")} />
			) : (
				<List
					dataSource={jobs.data!.items}
					renderItem={(job) => {
						const nav = navigationUrl(job);
						return (
							<List.Item style={{ padding: "6px 0", border: "none" }}>
								<Card
									size="small"
									style={{ width: "100%" }}
									data-testid={`job-${job.caseId}`}
									title={
										<Flex gap={8} align="center" wrap>
											<Link to={`/repairs/${job.caseId}`}>
												{job.caseNumber}
											</Link>
											<RepairStateTag state={job.state} />
											{job.urgency === "high" && (
												<Tag color="red">{t("urgency.high")}</Tag>
											)}
										</Flex>
									}
								>
									<Typography.Paragraph strong style={{ marginBottom: 4 }}>
										{job.title}
									</Typography.Paragraph>
									<Typography.Paragraph
										type="secondary"
										style={{ marginBottom: 4 }}
									>
										{job.appointment
											? t("myJobs.appointment", {
													start: formatDateTime(
														job.appointment.start,
														"MM-DD HH:mm",
													),
													end: formatDateTime(job.appointment.end, "HH:mm"),
												})
											: t("myJobs.noAppointment")}
									</Typography.Paragraph>
									<Typography.Paragraph style={{ marginBottom: 4 }}>
										{job.customerName}{" "}
										{job.contactName ? `· ${job.contactName}` : ""}
									</Typography.Paragraph>
									{job.productName && (
										<Typography.Paragraph
											type="secondary"
											style={{ marginBottom: 4 }}
										>
											{job.productName} {job.serialNumber ?? ""} ·{" "}
											{t(`warranty.${job.warrantyStatus}`)}
										</Typography.Paragraph>
									)}
									<Typography.Paragraph style={{ marginBottom: 8 }}>
										{job.address}
									</Typography.Paragraph>
									<Flex gap={8}>
										{job.contactPhone && (
											<Button
												icon={<PhoneOutlined />}
												href={`tel:${job.contactPhone}`}
												style={{ flex: 1 }}
											>
												{t("detail.call")}
											</Button>
										)}
										{nav && (
											<Button
												icon={<EnvironmentOutlined />}
												href={nav}
												target="_blank"
												rel="noreferrer"
												style={{ flex: 1 }}
											>
												{t("detail.navigate")}
											</Button>
										)}
										<Link to={`/repairs/${job.caseId}`} style={{ flex: 1 }}>
											<Button type="primary" block>
												{t("menu.job")}
											</Button>
										</Link>
									</Flex>
								</Card>
							</List.Item>
						);
					}}
				/>
			)}
		</div>
	);
}
