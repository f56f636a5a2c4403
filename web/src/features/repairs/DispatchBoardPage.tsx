import {
	Button,
	DatePicker,
	Flex,
	Table,
	Tag,
	Tooltip,
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
import { type DispatchBoard, useDispatchBoard } from "./api";
import { repairStateLabel } from "./labels";

type Row = DispatchBoard["technicians"][number];

/**
 * 派单看板 (R-REP-3): every technician and his appointments on a day, in time order; an appointment
 * opens its repair order. Refreshes every minute.
 */
export function DispatchBoardPage() {
	const { t } = useTranslation("repairs");
	const [date, setDate] = useState(companyToday());
	const board = useDispatchBoard(date);
	return (
		<div>
			<PageHeader
				title={t("board.title")}
				extra={
					<Flex gap={8}>
						<Button
							onClick={() =>
								setDate(dayjs(date).subtract(1, "day").format("YYYY-MM-DD"))
							}
						>
							‹
						</Button>
						<DatePicker
							value={dayjs(date)}
							allowClear={false}
							onChange={(d) => d && setDate(d.format("YYYY-MM-DD"))}
							aria-label={t("field.date")}
						/>
						<Button
							onClick={() =>
								setDate(dayjs(date).add(1, "day").format("YYYY-MM-DD"))
							}
						>
							›
						</Button>
						<Button onClick={() => setDate(companyToday())}>
							{t("board.today")}
						</Button>
					</Flex>
				}
			/>
			{board.error ? (
				<ApiErrorAlert error={board.error} onReload={() => board.refetch()} />
			) : (
				<Table<Row>
					rowKey="id"
					size="small"
					loading={board.isLoading}
					dataSource={board.data?.technicians ?? []}
					pagination={false}
					columns={[
						{
							title: t("board.technician"),
							key: "technician",
							width: 200,
							render: (_, row) => (
								<Flex vertical>
									<Typography.Text strong>
										{row.name} {!row.active && <Tag>{t("board.inactive")}</Tag>}
									</Typography.Text>
									<Typography.Text type="secondary">
										{row.phone ?? ""} ·{" "}
										{t("board.openJobs", { count: row.openJobs })}
									</Typography.Text>
								</Flex>
							),
						},
						{
							title: t("board.appointments"),
							key: "appointments",
							render: (_, row) =>
								row.appointments.length === 0 ? (
									<Typography.Text type="secondary">
										{t("board.free")}
									</Typography.Text>
								) : (
									<Flex gap={8} wrap data-testid={`board-${row.id}`}>
										{row.appointments.map((a) => (
											<Tooltip
												key={a.appointmentId}
												title={`${a.customerName ?? ""} ${a.address ?? ""} · ${repairStateLabel(t, a.caseState)}`}
											>
												<Link to={`/repairs/${a.caseId}`}>
													<Tag
														color={
															a.state === "done"
																? "green"
																: a.urgency === "high"
																	? "red"
																	: "blue"
														}
														style={{ padding: "2px 8px" }}
													>
														{formatDateTime(a.start, "HH:mm")}–
														{formatDateTime(a.end, "HH:mm")} {a.caseNumber}{" "}
														{a.title}
													</Tag>
												</Link>
											</Tooltip>
										))}
									</Flex>
								),
						},
					]}
				/>
			)}
		</div>
	);
}
