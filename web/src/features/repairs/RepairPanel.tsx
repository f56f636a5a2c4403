import {
	EnvironmentOutlined,
	PhoneOutlined,
	ReloadOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
	Button,
	Card,
	Descriptions,
	Empty,
	Flex,
	Grid,
	Image,
	Skeleton,
	Table,
	Tag,
	Typography,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import {
	ApiErrorAlert,
	formatDateTime,
	formatMoneyFen,
} from "../../components";
import { type RepairJob, repairKeys, useRepairJob } from "./api";
import { DispatchDialog } from "./DispatchDialog";
import {
	navigationUrl,
	RepairStateTag,
	repairActionLabel,
	WarrantyStatusTag,
} from "./labels";
import { PartReservations } from "./PartReservations";
import { RepairActionDialog } from "./RepairActionDialog";

const PRIMARY = new Set([
	"review",
	"dispatch",
	"accept",
	"start_travel",
	"check_in",
	"start_work",
	"self_check",
	"request_acceptance",
	"customer_accept",
	"pass_inspection",
	"close",
	"record_consent",
]);
const DANGER = new Set([
	"cancel",
	"decline",
	"decline_scope",
	"customer_reject",
	"fail_inspection",
	"record_refusal",
]);

function windowText(start: string, end: string): string {
	const s = formatDateTime(start);
	const e = formatDateTime(end);
	return s.slice(0, 10) === e.slice(0, 10)
		? `${s}–${e.slice(11)}`
		: `${s} – ${e}`;
}

/**
 * 维修工单 of a case (R-REP-1..9): warranty, technician and appointment, the field service report,
 * parts, completion and acceptance, paid repair — and the repair actions this user may take now, as
 * buttons (the server decides which). Works on a phone: one column, full-width buttons.
 */
export function RepairPanel({ caseId }: { caseId: string }) {
	const { t } = useTranslation("repairs");
	const screens = Grid.useBreakpoint();
	const narrow = !screens.md;
	const queryClient = useQueryClient();
	const query = useRepairJob(caseId);
	const [action, setAction] = useState<string | null>(null);

	if (query.isLoading) return <Skeleton active />;
	if (query.error || !query.data)
		return (
			<ApiErrorAlert error={query.error} onReload={() => query.refetch()} />
		);
	const job = query.data;
	const r = job.repair;

	const done = (result: RepairJob) => {
		setAction(null);
		queryClient.setQueryData(repairKeys.job(caseId), result);
		void queryClient.invalidateQueries({ queryKey: ["cases"] });
		void queryClient.invalidateQueries({ queryKey: ["repairs", "my-jobs"] });
	};
	const conflict = () => {
		setAction(null);
		void query.refetch();
	};

	return (
		<Flex vertical gap={16} data-testid="repair-panel">
			<Card
				size="small"
				title={t("section.actions")}
				extra={
					<Button
						type="text"
						size="small"
						icon={<ReloadOutlined />}
						onClick={() => query.refetch()}
						aria-label={t("detail.reload")}
					/>
				}
			>
				{r.allowedActions.length === 0 ? (
					<Typography.Text type="secondary">
						{t("detail.noActions")}
					</Typography.Text>
				) : (
					<Flex gap={8} wrap vertical={narrow} data-testid="repair-actions">
						{r.allowedActions.map((a) => (
							<Button
								key={a}
								type={PRIMARY.has(a) ? "primary" : "default"}
								danger={DANGER.has(a)}
								block={narrow}
								size={narrow ? "large" : "middle"}
								onClick={() => setAction(a)}
								data-testid={`repair-action-${a}`}
							>
								{repairActionLabel(t, a)}
							</Button>
						))}
					</Flex>
				)}
			</Card>

			<RepairOrderView job={job} />

			{action === "dispatch" ? (
				<DispatchDialog
					job={job}
					open
					onClose={() => setAction(null)}
					onDone={done}
					onConflict={conflict}
				/>
			) : (
				<RepairActionDialog
					action={action}
					job={job}
					onClose={() => setAction(null)}
					onDone={done}
					onConflict={conflict}
				/>
			)}
		</Flex>
	);
}

/**
 * What the work order records, without actions: the order (state, warranty, technician,
 * appointment, rework), the field service report (check-in, diagnosis, work, labour, photos), the
 * parts used and returned, completion (self-check, the customer's signature, inspection), the paid
 * repair (quote, consent, charges) and the dispatch history. `embedded` leaves out what the case
 * page already shows (customer, contact, address, product).
 */
export function RepairOrderView({
	job,
	embedded = false,
}: {
	job: RepairJob;
	embedded?: boolean;
}) {
	const { t } = useTranslation("repairs");
	const screens = Grid.useBreakpoint();
	const narrow = !screens.md;
	const r = job.repair;
	const c = job.case;
	const nav = navigationUrl(c);
	const none = t("detail.none");
	// on the case page, sections appear once there is something in them
	const hasFieldWork =
		!!r.fieldWork.checkedInAt ||
		!!r.fieldWork.diagnosis ||
		!!r.fieldWork.workDone ||
		r.fieldWork.labourMinutes > 0 ||
		r.fieldWork.photoIds.length > 0;
	const hasCompletion =
		!!r.completion.selfCheck || !!r.acceptance || !!r.inspection.result;

	return (
		<Flex vertical gap={16}>
			<Card
				size="small"
				title={t(embedded ? "section.dispatch" : "section.order")}
			>
				<Descriptions size="small" column={narrow ? 1 : 2} bordered={!narrow}>
					{!embedded && (
						<Descriptions.Item label={t("field.state")}>
							<RepairStateTag state={c.state} />
						</Descriptions.Item>
					)}
					<Descriptions.Item label={t("field.warranty")}>
						<WarrantyStatusTag warranty={r.warranty} />
						{r.warranty.warrantyEnd && (
							<Typography.Text type="secondary">
								{t("field.warrantyEnd")} {r.warranty.warrantyEnd}
							</Typography.Text>
						)}
					</Descriptions.Item>
					{!embedded && (
						<Descriptions.Item label={t("field.customer")}>
							{c.customer?.name ?? none}
						</Descriptions.Item>
					)}
					{!embedded && (
						<Descriptions.Item label={t("field.contact")}>
							{c.contactName ?? none}
							{c.contactPhone && (
								<Button
									type="link"
									size="small"
									icon={<PhoneOutlined />}
									href={`tel:${c.contactPhone}`}
								>
									{c.contactPhone}
								</Button>
							)}
						</Descriptions.Item>
					)}
					{!embedded && (
						<Descriptions.Item label={t("field.address")} span={narrow ? 1 : 2}>
							{c.address ?? none}
							{nav && (
								<Button
									type="link"
									size="small"
									icon={<EnvironmentOutlined />}
									href={nav}
									target="_blank"
									rel="noreferrer"
								>
									{t("detail.navigate")}
								</Button>
							)}
						</Descriptions.Item>
					)}
					{!embedded && (
						<Descriptions.Item label={t("field.product")}>
							{c.unit ? `${c.unit.productModel} ${c.unit.productName}` : none}
						</Descriptions.Item>
					)}
					{!embedded && (
						<Descriptions.Item label={t("field.serialNumber")}>
							{c.unit?.serialNumber ?? none}
						</Descriptions.Item>
					)}
					<Descriptions.Item label={t("field.onSite")}>
						{r.onSite ? t("detail.yes") : t("detail.no")}
					</Descriptions.Item>
					<Descriptions.Item label={t("field.inspectionRequired")}>
						{r.inspectionRequired ? t("detail.yes") : t("detail.no")}
					</Descriptions.Item>
					<Descriptions.Item label={t("field.technician")}>
						{r.technician ? (
							<>
								{r.technician.name}
								{r.technician.phone && (
									<Button
										type="link"
										size="small"
										icon={<PhoneOutlined />}
										href={`tel:${r.technician.phone}`}
									>
										{r.technician.phone}
									</Button>
								)}
							</>
						) : (
							none
						)}
					</Descriptions.Item>
					<Descriptions.Item label={t("field.appointment")}>
						{r.appointment ? (
							<>
								{windowText(r.appointment.start, r.appointment.end)}{" "}
								<Tag>{t(`appointmentState.${r.appointment.state}`)}</Tag>
							</>
						) : (
							none
						)}
					</Descriptions.Item>
					<Descriptions.Item label={t("field.reworkCount")}>
						{r.reworkCount}
					</Descriptions.Item>
					{r.escalation && (
						<Descriptions.Item label={t("field.escalation")}>
							{r.escalation.note}
						</Descriptions.Item>
					)}
				</Descriptions>
			</Card>

			{(!embedded || hasFieldWork) && (
				<Card size="small" title={t("section.fieldWork")}>
					<Descriptions size="small" column={1}>
						<Descriptions.Item label={t("field.checkIn")}>
							{r.fieldWork.checkedInAt
								? formatDateTime(r.fieldWork.checkedInAt)
								: none}
						</Descriptions.Item>
						<Descriptions.Item label={t("field.diagnosis")}>
							{r.fieldWork.diagnosis ?? none}
						</Descriptions.Item>
						<Descriptions.Item label={t("field.workDone")}>
							{r.fieldWork.workDone ?? none}
						</Descriptions.Item>
						<Descriptions.Item label={t("field.toolsUsed")}>
							{r.fieldWork.toolsUsed.join("、") || none}
						</Descriptions.Item>
						<Descriptions.Item label={t("field.labourMinutes")}>
							{r.fieldWork.labourMinutes}
						</Descriptions.Item>
						<Descriptions.Item label={t("field.photos")}>
							{r.fieldWork.photoIds.length ? (
								<Image.PreviewGroup>
									<Flex gap={8} wrap>
										{r.fieldWork.photoIds.map((id) => (
											<Image
												key={id}
												width={72}
												height={72}
												style={{ objectFit: "cover" }}
												src={api.url(`/attachments/${id}`, { inline: "true" })}
											/>
										))}
									</Flex>
								</Image.PreviewGroup>
							) : (
								none
							)}
						</Descriptions.Item>
					</Descriptions>
				</Card>
			)}

			{(!embedded || r.parts.length > 0) && (
				<Card size="small" title={t("section.parts")}>
					{r.parts.length === 0 ? (
						<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={none} />
					) : (
						<Table
							size="small"
							rowKey="id"
							pagination={false}
							dataSource={r.parts}
							scroll={{ x: true }}
							columns={[
								{
									title: t("field.part"),
									render: (_, p) => `${p.partCode} ${p.partName}`,
								},
								{ title: t("field.location"), dataIndex: "locationName" },
								{
									title: t("field.kind"),
									render: (_, p) =>
										t(
											`action.${p.kind === "issue" ? "use_parts" : "return_parts"}`,
										),
								},
								{
									title: t("field.quantity"),
									render: (_, p) => `${p.quantity} ${p.unitOfMeasure}`,
								},
							]}
						/>
					)}
				</Card>
			)}

			<PartReservations
				caseNumber={job.case.number}
				open={job.case.closedAt === null}
			/>

			{(!embedded || hasCompletion) && (
				<Card size="small" title={t("section.completion")}>
					<Descriptions size="small" column={1}>
						<Descriptions.Item label={t("field.selfCheck")}>
							{r.completion.selfCheck ?? none}
						</Descriptions.Item>
						<Descriptions.Item label={t("field.usageAdvice")}>
							{r.completion.usageAdvice ?? none}
						</Descriptions.Item>
						<Descriptions.Item label={t("field.postRepairWarranty")}>
							{r.completion.postRepairWarrantyEnd
								? t("field.postRepairWarrantyValue", {
										days: r.completion.postRepairWarrantyDays,
										end: r.completion.postRepairWarrantyEnd,
									})
								: t("field.postRepairWarrantyDays", {
										days: r.completion.postRepairWarrantyDays,
									})}
						</Descriptions.Item>
						{r.acceptance && (
							<Descriptions.Item label={t("field.signer")}>
								<Tag color={r.acceptance.result === "accepted" ? "green" : "red"}>
									{t(
										r.acceptance.result === "accepted"
											? "action.customer_accept"
											: "action.customer_reject",
									)}
								</Tag>
								{r.acceptance.signerName}{" "}
								{r.acceptance.at ? formatDateTime(r.acceptance.at) : ""}{" "}
								{r.acceptance.comment ?? ""}
							</Descriptions.Item>
						)}
						{r.acceptance?.signatureId && (
							<Descriptions.Item label={t("field.signature")}>
								<Image
									height={80}
									src={api.url(`/attachments/${r.acceptance.signatureId}`, {
										inline: "true",
									})}
									alt={t("field.signature")}
								/>
							</Descriptions.Item>
						)}
						{r.inspectionRequired && (
							<Descriptions.Item label={t("field.inspection")}>
								{r.inspection.result ? (
									<Tag color={r.inspection.result === "passed" ? "green" : "red"}>
										{t(
											r.inspection.result === "passed"
												? "action.pass_inspection"
												: "action.fail_inspection",
										)}
									</Tag>
								) : (
									none
								)}
								{r.inspection.note}
							</Descriptions.Item>
						)}
					</Descriptions>
				</Card>
			)}

			{(r.paid.quoteFen !== null || r.paid.chargedFen > 0) && (
				<Card size="small" title={t("section.paid")}>
					<Descriptions size="small" column={1}>
						<Descriptions.Item label={t("field.quoteTotal")}>
							{formatMoneyFen(r.paid.quoteFen)}
						</Descriptions.Item>
						<Descriptions.Item label={t("field.quote")}>
							<Typography.Text style={{ whiteSpace: "pre-line" }}>
								{r.paid.quoteLines
									.map(
										(l) =>
											`${t(`quoteKind.${l.kind}`)} · ${l.description} · ${formatMoneyFen(l.amountFen)}`,
									)
									.join("\n")}
							</Typography.Text>
						</Descriptions.Item>
						<Descriptions.Item label={t("field.consent")}>
							{r.paid.consent
								? `${t(r.paid.consent === "given" ? "action.record_consent" : "action.record_refusal")} · ${r.paid.consentBy ?? ""} · ${
										r.paid.consentChannel
											? t(`consentChannel.${r.paid.consentChannel}`)
											: ""
									}`
								: none}
						</Descriptions.Item>
						<Descriptions.Item label={t("field.charged")}>
							{formatMoneyFen(r.paid.chargedFen)}
						</Descriptions.Item>
					</Descriptions>
				</Card>
			)}

			{(r.dispatches.length > 0 || r.appointmentChanges.length > 0) && (
				<Card size="small" title={t("section.dispatches")}>
					<Table
						size="small"
						rowKey="id"
						pagination={false}
						dataSource={r.dispatches}
						scroll={{ x: true }}
						columns={[
							{
								title: t("field.dispatchedAt"),
								render: (_, d) => formatDateTime(d.dispatchedAt),
							},
							{
								title: t("field.technician"),
								render: (_, d) => d.technician.name,
							},
							{
								title: t("field.rank"),
								render: (_, d) => (d.rank === null ? "—" : d.rank),
							},
							{
								title: t("field.dispatchedBy"),
								render: (_, d) =>
									d.dispatchedBy?.name ?? t(`dispatchMode.${d.mode}`),
							},
							{
								title: t("field.outcome"),
								render: (_, d) =>
									`${t(`dispatchOutcome.${d.outcome}`)}${d.outcomeNote ? `：${d.outcomeNote}` : ""}`,
							},
							{
								title: t("field.overrideReason"),
								render: (_, d) => d.overrideReason ?? "",
							},
						]}
					/>
					{r.appointmentChanges.length > 0 && (
						<>
							<Typography.Title level={5} style={{ marginTop: 16 }}>
								{t("section.history")}
							</Typography.Title>
							<Table
								size="small"
								rowKey="id"
								pagination={false}
								dataSource={r.appointmentChanges}
								scroll={{ x: true }}
								columns={[
									{
										title: t("field.changedAt"),
										render: (_, x) => formatDateTime(x.changedAt),
									},
									{
										title: t("field.oldWindow"),
										render: (_, x) => windowText(x.oldStart, x.oldEnd),
									},
									{
										title: t("field.newWindow"),
										render: (_, x) => windowText(x.newStart, x.newEnd),
									},
									{ title: t("field.reason"), dataIndex: "reason" },
									{
										title: t("field.changedBy"),
										render: (_, x) => x.changedBy?.name ?? "",
									},
								]}
							/>
						</>
					)}
				</Card>
			)}

		</Flex>
	);
}
