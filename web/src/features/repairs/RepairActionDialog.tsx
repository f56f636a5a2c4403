import {
	MinusCircleOutlined,
	PlusOutlined,
	UploadOutlined,
} from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import {
	Alert,
	App,
	Button,
	type ButtonProps,
	Checkbox,
	DatePicker,
	Descriptions,
	Flex,
	Form,
	Input,
	InputNumber,
	Modal,
	Select,
	Switch,
	Typography,
	Upload,
	type UploadFile,
} from "antd";
import type { Dayjs } from "dayjs";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useCurrentUser } from "../../app/session";
import {
	applyFieldErrors,
	dayjs,
	fieldErrorsOf,
	isVersionConflict,
	useShowApiError,
	yuanToFen,
} from "../../components";
import {
	type RepairActionRequest,
	type RepairJob,
	runRepairAction,
	useMyVanStock,
} from "./api";
import { repairActionLabel } from "./labels";
import { SignaturePad } from "./SignaturePad";

/** Actions whose note is required (the reason, the reply text). */
const NOTE_REQUIRED = new Set([
	"reply",
	"decline_scope",
	"decline",
	"customer_reject",
	"fail_inspection",
	"escalate",
	"send_to_factory",
	"cancel",
]);

const CONSENT_CHANNELS = [
	"phone",
	"on_site",
	"sms",
	"email",
	"portal",
	"im",
] as const;
const CHARGE_METHODS = [
	"cash",
	"wechat_pay",
	"alipay",
	"bank_transfer",
	"card",
	"invoice",
] as const;
const QUOTE_KINDS = ["labour", "parts", "travel", "other"] as const;

type Values = Record<string, any>;

/**
 * The photos picked in the record_work form, uploaded as attachments of the case → their ids
 * (done when the action is sent, so a cancelled dialog leaves nothing behind).
 */
export async function uploadRepairPhotos(
	caseId: string,
	values: Values,
): Promise<string[]> {
	const ids: string[] = [];
	for (const f of (values.photos ?? []) as UploadFile[]) {
		if (!f.originFileObj) continue;
		const body = new FormData();
		body.append("entity", "case");
		body.append("entityId", caseId);
		body.append("file", f.originFileObj, f.name);
		ids.push((await api.upload<{ id: string }>("/attachments", body)).id);
	}
	return ids;
}

/** An error's field path (without 'body') → the name of the field in these forms (they are not under 'data'). */
export function repairFieldPath(
	path: (string | number)[],
): (string | number)[] {
	return path[0] === "data" ? path.slice(1) : path;
}

/** What the form holds → the action's `data` (contracts/repairs.ts REPAIR_ACTION_DATA). */
export function repairActionData(
	action: string,
	v: Values,
	photoIds: string[] = [],
): Record<string, unknown> | undefined {
	switch (action) {
		case "review":
			return {
				dataVerified: v.dataVerified === true,
				onSite: !!v.onSite,
				...(v.warrantyStatus
					? {
							warrantyStatus: v.warrantyStatus,
							warrantyOverrideReason: v.warrantyOverrideReason,
						}
					: {}),
				inspectionRequired: !!v.inspectionRequired,
			};
		case "reschedule":
			return {
				window: {
					start: (v.window[0] as Dayjs).toISOString(),
					end: (v.window[1] as Dayjs).toISOString(),
				},
				reason: v.reason,
			};
		case "check_in":
			return v.latitude !== undefined
				? { latitude: v.latitude, longitude: v.longitude }
				: {};
		case "record_work": {
			const d: Record<string, unknown> = {};
			if (v.diagnosis !== undefined) d.diagnosis = v.diagnosis ?? "";
			if (v.workDone !== undefined) d.workDone = v.workDone ?? "";
			if (v.toolsUsed !== undefined) d.toolsUsed = v.toolsUsed;
			if (v.labourMinutes !== undefined && v.labourMinutes !== null)
				d.labourMinutes = v.labourMinutes;
			if (photoIds.length) d.photoIds = photoIds;
			return d;
		}
		case "use_parts":
		case "return_parts":
			return {
				lines: (v.lines ?? []).map((l: { stock: string; quantity: number }) => {
					const [locationId, partId] = String(l.stock).split("|");
					return { locationId, partId, quantity: l.quantity };
				}),
			};
		case "quote":
			return {
				lines: (v.lines ?? []).map(
					(l: { kind: string; description: string; amount: number }) => ({
						kind: l.kind,
						description: l.description,
						amountFen: yuanToFen(l.amount),
					}),
				),
				...(v.reason ? { reason: v.reason } : {}),
			};
		case "record_consent":
		case "record_refusal":
			return { consentBy: v.consentBy, channel: v.channel };
		case "self_check":
			return { result: v.result, usageAdvice: v.usageAdvice };
		case "customer_accept":
			return {
				signerName: v.signerName,
				signature: v.signature,
				...(v.comment ? { comment: v.comment } : {}),
			};
		case "customer_reject":
			return v.signerName ? { signerName: v.signerName } : {};
		case "record_charge":
			return {
				amountFen: yuanToFen(v.amount),
				method: v.method,
				...(v.chargeNote ? { note: v.chargeNote } : {}),
			};
		case "close":
			return { customerInformed: v.customerInformed === true };
		default:
			return undefined;
	}
}

/** The form's starting values for an action on this job (what was recorded so far, the contact …). */
export function repairFormValues(action: string, job: RepairJob): Values {
	const r = job.repair;
	switch (action) {
		case "review":
			return {
				dataVerified: false,
				onSite: r.onSite,
				inspectionRequired: r.inspectionRequired,
			};
		case "reschedule":
			return r.appointment
				? { window: [dayjs(r.appointment.start), dayjs(r.appointment.end)] }
				: {};
		case "record_work":
			return {
				diagnosis: r.fieldWork.diagnosis ?? undefined,
				workDone: r.fieldWork.workDone ?? undefined,
				toolsUsed: r.fieldWork.toolsUsed,
				labourMinutes: r.fieldWork.labourMinutes || undefined,
			};
		case "use_parts":
		case "return_parts":
			return { lines: [{ quantity: 1 }] };
		case "quote":
			return { lines: [{ kind: "labour", amount: undefined }] };
		case "record_consent":
		case "record_refusal":
		case "customer_accept":
		case "customer_reject":
			return {
				consentBy: job.case.contactName ?? undefined,
				signerName: job.case.contactName ?? undefined,
				channel: "phone",
			};
		case "record_charge": {
			const left =
				r.paid.quoteFen === null
					? undefined
					: (r.paid.quoteFen - r.paid.chargedFen) / 100;
			return { amount: left, method: "cash" };
		}
		default:
			return {};
	}
}

/** What the customer signs for and the inspector judges: the work recorded on the order. */
function WorkSummary({ job }: { job: RepairJob }) {
	const { t } = useTranslation("repairs");
	const r = job.repair;
	const none = t("detail.none");
	const used = r.parts.filter((p) => p.kind === "issue");
	return (
		<Descriptions
			size="small"
			column={1}
			bordered
			style={{ marginBottom: 16 }}
			data-testid="work-summary"
		>
			<Descriptions.Item label={t("field.diagnosis")}>
				{r.fieldWork.diagnosis ?? none}
			</Descriptions.Item>
			<Descriptions.Item label={t("field.workDone")}>
				{r.fieldWork.workDone ?? none}
			</Descriptions.Item>
			<Descriptions.Item label={t("section.parts")}>
				{used.length
					? used
							.map((p) => `${p.partName} × ${p.quantity} ${p.unitOfMeasure}`)
							.join("；")
					: none}
			</Descriptions.Item>
			<Descriptions.Item label={t("field.labourMinutes")}>
				{r.fieldWork.labourMinutes}
			</Descriptions.Item>
			<Descriptions.Item label={t("field.selfCheck")}>
				{r.completion.selfCheck ?? none}
			</Descriptions.Item>
			{r.acceptance && (
				<Descriptions.Item label={t("field.signer")}>
					{r.acceptance.signerName}
				</Descriptions.Item>
			)}
		</Descriptions>
	);
}

/**
 * The fields one repair action needs (no note: the dialog around them has it). Used by this feature's
 * dialog on the work order page and, registered with registerCaseActionForm, by the case page.
 */
export function RepairActionFields({
	action,
	job,
}: {
	action: string;
	job: RepairJob;
}) {
	const { t } = useTranslation("repairs");
	const form = Form.useFormInstance();
	const user = useCurrentUser();
	const needsVan = action === "use_parts" || action === "return_parts";
	const van = useMyVanStock(user.id, needsVan);
	const required = (field: string) => [
		{
			required: true,
			whitespace: true,
			message: t("validation.required", { field: t(`field.${field}`) }),
		},
	];
	const stockOptions = (van.data ?? []).map((l) => ({
		value: `${l.locationId}|${l.partId}`,
		label: `${l.partCode} ${l.partName}（${t("parts.available", { count: l.available })}）`,
	}));

	return (
		<>
			{action === "review" && (
				<>
					<Form.Item
						name="dataVerified"
						valuePropName="checked"
						rules={[
							{
								validator: (_, v) =>
									v
										? Promise.resolve()
										: Promise.reject(new Error(t("field.dataVerified"))),
							},
						]}
					>
						<Checkbox data-testid="data-verified">
							{t("field.dataVerified")}
						</Checkbox>
					</Form.Item>
					<Form.Item
						name="onSite"
						label={t("field.onSite")}
						valuePropName="checked"
					>
						<Switch />
					</Form.Item>
					<Form.Item
						name="inspectionRequired"
						label={t("field.inspectionRequired")}
						valuePropName="checked"
					>
						<Switch />
					</Form.Item>
					<Form.Item
						name="warrantyStatus"
						label={t("field.warrantyOverride")}
					>
						<Select
							allowClear
							options={(
								["in_warranty", "out_of_warranty", "unknown"] as const
							)
								.filter((s) => s !== job.repair.warranty.status)
								.map((s) => ({ value: s, label: t(`warranty.${s}`) }))}
						/>
					</Form.Item>
					<Form.Item
						noStyle
						shouldUpdate={(a, b) => a.warrantyStatus !== b.warrantyStatus}
					>
						{() =>
							form.getFieldValue("warrantyStatus") ? (
								<Form.Item
									name="warrantyOverrideReason"
									label={t("field.warrantyOverrideReason")}
									rules={required("reason")}
								>
									<Input maxLength={500} />
								</Form.Item>
							) : null
						}
					</Form.Item>
				</>
			)}
			{action === "reschedule" && (
				<>
					<Form.Item
						name="window"
						label={t("field.window")}
						rules={[
							{ required: true, message: t("dispatchDialog.windowRequired") },
						]}
					>
						<DatePicker.RangePicker
							showTime={{ format: "HH:mm", minuteStep: 15 }}
							format="YYYY-MM-DD HH:mm"
						/>
					</Form.Item>
					<Form.Item
						name="reason"
						label={t("field.reason")}
						rules={required("reason")}
					>
						<Input maxLength={500} />
					</Form.Item>
				</>
			)}
			{action === "check_in" && (
				<Flex gap={8}>
					<Form.Item name="latitude" label="纬度 / Lat" style={{ flex: 1 }}>
						<InputNumber min={-90} max={90} style={{ width: "100%" }} />
					</Form.Item>
					<Form.Item name="longitude" label="经度 / Lng" style={{ flex: 1 }}>
						<InputNumber min={-180} max={180} style={{ width: "100%" }} />
					</Form.Item>
				</Flex>
			)}
			{action === "record_work" && (
				<>
					<Form.Item name="diagnosis" label={t("field.diagnosis")}>
						<Input.TextArea
							rows={2}
							maxLength={4000}
							data-testid="diagnosis"
						/>
					</Form.Item>
					<Form.Item name="workDone" label={t("field.workDone")}>
						<Input.TextArea
							rows={3}
							maxLength={4000}
							data-testid="work-done"
						/>
					</Form.Item>
					<Form.Item name="toolsUsed" label={t("field.toolsUsed")}>
						<Select
							mode="tags"
							tokenSeparators={[",", "，", "、"]}
							open={false}
						/>
					</Form.Item>
					<Form.Item name="labourMinutes" label={t("field.labourMinutes")}>
						<InputNumber
							min={0}
							max={100000}
							style={{ width: "100%" }}
							data-testid="labour-minutes"
						/>
					</Form.Item>
					<Form.Item
						name="photos"
						label={t("field.photos")}
						valuePropName="fileList"
						getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList}
					>
						<Upload
							accept="image/*"
							multiple
							listType="picture"
							beforeUpload={() => false}
						>
							<Button icon={<UploadOutlined />}>{t("photos.upload")}</Button>
						</Upload>
					</Form.Item>
				</>
			)}
			{(action === "use_parts" || action === "return_parts") && (
				<Form.List name="lines">
					{(fields, { add, remove }) => (
						<>
							{!van.isLoading &&
								stockOptions.length === 0 &&
								action === "use_parts" && (
									<Typography.Text type="warning">
										{t("parts.noStock")}
									</Typography.Text>
								)}
							{fields.map((field) => (
								<Flex key={field.key} gap={8} align="start">
									<Form.Item
										name={[field.name, "stock"]}
										label={t("field.part")}
										rules={[
											{
												required: true,
												message: t("validation.required", {
													field: t("field.part"),
												}),
											},
										]}
										style={{ flex: 3 }}
									>
										<Select
											showSearch
											optionFilterProp="label"
											options={stockOptions}
											loading={van.isLoading}
										/>
									</Form.Item>
									<Form.Item
										name={[field.name, "quantity"]}
										label={t("field.quantity")}
										rules={[{ required: true }]}
										style={{ flex: 1 }}
									>
										<InputNumber
											min={1}
											max={1000000}
											style={{ width: "100%" }}
										/>
									</Form.Item>
									{fields.length > 1 && (
										<MinusCircleOutlined
											style={{ marginTop: 38 }}
											onClick={() => remove(field.name)}
										/>
									)}
								</Flex>
							))}
							<Button
								type="dashed"
								icon={<PlusOutlined />}
								onClick={() => add({ quantity: 1 })}
							>
								{t("parts.addLine")}
							</Button>
						</>
					)}
				</Form.List>
			)}
			{action === "quote" && (
				<>
					<Form.List name="lines">
						{(fields, { add, remove }) => (
							<>
								{fields.map((field) => (
									<Flex key={field.key} gap={8} align="start">
										<Form.Item
											name={[field.name, "kind"]}
											label={t("field.kind")}
											style={{ width: 110 }}
										>
											<Select
												options={QUOTE_KINDS.map((k) => ({
													value: k,
													label: t(`quoteKind.${k}`),
												}))}
											/>
										</Form.Item>
										<Form.Item
											name={[field.name, "description"]}
											label={t("field.description")}
											rules={required("description")}
											style={{ flex: 2 }}
										>
											<Input maxLength={200} />
										</Form.Item>
										<Form.Item
											name={[field.name, "amount"]}
											label={t("field.amount")}
											rules={[
												{
													required: true,
													message: t("validation.required", {
														field: t("field.amount"),
													}),
												},
											]}
											style={{ flex: 1 }}
										>
											<InputNumber
												min={0}
												precision={2}
												style={{ width: "100%" }}
											/>
										</Form.Item>
										{fields.length > 1 && (
											<MinusCircleOutlined
												style={{ marginTop: 38 }}
												onClick={() => remove(field.name)}
											/>
										)}
									</Flex>
								))}
								<Button
									type="dashed"
									icon={<PlusOutlined />}
									onClick={() => add({ kind: "parts" })}
								>
									{t("action.quote")}
								</Button>
							</>
						)}
					</Form.List>
					{job.repair.warranty.status === "in_warranty" && (
						<Form.Item
							name="reason"
							label={t("field.reason")}
							rules={required("reason")}
							style={{ marginTop: 16 }}
						>
							<Input maxLength={500} />
						</Form.Item>
					)}
				</>
			)}
			{(action === "record_consent" || action === "record_refusal") && (
				<>
					<Form.Item
						name="consentBy"
						label={t("field.consentBy")}
						rules={required("consentBy")}
					>
						<Input maxLength={100} />
					</Form.Item>
					<Form.Item
						name="channel"
						label={t("field.consentChannel")}
						rules={[{ required: true }]}
					>
						<Select
							options={CONSENT_CHANNELS.map((c) => ({
								value: c,
								label: t(`consentChannel.${c}`),
							}))}
						/>
					</Form.Item>
				</>
			)}
			{action === "self_check" && (
				<>
					<Form.Item
						name="result"
						label={t("field.selfCheck")}
						rules={required("selfCheck")}
					>
						<Input.TextArea
							rows={3}
							maxLength={4000}
							data-testid="self-check"
						/>
					</Form.Item>
					<Form.Item
						name="usageAdvice"
						label={t("field.usageAdvice")}
						rules={required("usageAdvice")}
					>
						<Input.TextArea
							rows={2}
							maxLength={4000}
							data-testid="usage-advice"
						/>
					</Form.Item>
				</>
			)}
			{(action === "customer_accept" ||
				action === "pass_inspection" ||
				action === "fail_inspection") && <WorkSummary job={job} />}
			{action === "customer_accept" && (
				<Alert
					type="info"
					showIcon
					style={{ marginBottom: 16 }}
					title={t("casePanel.signatureHint")}
				/>
			)}
			{action === "customer_reject" && (
				<Alert
					type="warning"
					showIcon
					style={{ marginBottom: 16 }}
					title={t("casePanel.reworkHint", {
						count: job.repair.reworkCount + 1,
					})}
				/>
			)}
			{(action === "pass_inspection" || action === "fail_inspection") && (
				<Alert
					type={action === "fail_inspection" ? "warning" : "info"}
					showIcon
					style={{ marginBottom: 16 }}
					title={t(
						action === "fail_inspection"
							? "casePanel.failHint"
							: "casePanel.inspectionHint",
					)}
				/>
			)}
			{(action === "customer_accept" || action === "customer_reject") && (
				<Form.Item
					name="signerName"
					label={t("field.signer")}
					rules={
						action === "customer_accept" ? required("signer") : undefined
					}
				>
					<Input maxLength={100} data-testid="signer-name" />
				</Form.Item>
			)}
			{action === "customer_accept" && (
				<>
					<Form.Item
						name="signature"
						label={t("field.signature")}
						rules={[{ required: true, message: t("signature.required") }]}
					>
						<SignaturePad />
					</Form.Item>
					<Form.Item name="comment" label={t("field.comment")}>
						<Input.TextArea rows={2} maxLength={2000} />
					</Form.Item>
				</>
			)}
			{action === "record_charge" && (
				<>
					<Form.Item
						name="amount"
						label={t("field.amount")}
						rules={[
							{
								required: true,
								message: t("validation.required", {
									field: t("field.amount"),
								}),
							},
						]}
					>
						<InputNumber min={0.01} precision={2} style={{ width: "100%" }} />
					</Form.Item>
					<Form.Item
						name="method"
						label={t("field.method")}
						rules={[{ required: true }]}
					>
						<Select
							options={CHARGE_METHODS.map((m) => ({
								value: m,
								label: t(`chargeMethod.${m}`),
							}))}
						/>
					</Form.Item>
					<Form.Item name="chargeNote" label={t("field.note")}>
						<Input maxLength={500} />
					</Form.Item>
				</>
			)}
			{action === "close" && (
				<Form.Item
					name="customerInformed"
					valuePropName="checked"
					rules={[
						{
							validator: (_, v) =>
								v
									? Promise.resolve()
									: Promise.reject(new Error(t("field.customerInformed"))),
						},
					]}
				>
					<Checkbox data-testid="customer-informed">
						{t("field.customerInformed")}
					</Checkbox>
				</Form.Item>
			)}
		</>
	);
}

/** Actions whose form is more than the note. */
export const REPAIR_FORM_ACTIONS = [
	"review",
	"reschedule",
	"check_in",
	"record_work",
	"use_parts",
	"return_parts",
	"quote",
	"record_consent",
	"record_refusal",
	"self_check",
	"customer_accept",
	"customer_reject",
	"record_charge",
	"close",
] as const;

/** Fill in the technician's position on check-in when the device knows it. */
export function useCheckInPosition(action: string | null) {
	const form = Form.useFormInstance();
	useEffect(() => {
		if (
			action !== "check_in" ||
			typeof navigator === "undefined" ||
			!navigator.geolocation
		)
			return;
		navigator.geolocation.getCurrentPosition(
			(pos) =>
				form.setFieldsValue({
					latitude: pos.coords.latitude,
					longitude: pos.coords.longitude,
				}),
			() => undefined,
			{ timeout: 5000 },
		);
	}, [action, form]);
}

/** The dialog of one repair action: the fields that action needs, the note, then POST …/repair/actions. */
export function RepairActionDialog({
	action,
	job,
	onClose,
	onDone,
	onConflict,
}: {
	action: string | null;
	job: RepairJob;
	onClose: () => void;
	onDone: (job: RepairJob) => void;
	onConflict: () => void;
}) {
	const { t } = useTranslation("repairs");
	const { message } = App.useApp();
	const showError = useShowApiError("repairs");
	const [form] = Form.useForm<Values>();

	useEffect(() => {
		if (!action) return;
		form.resetFields();
		form.setFieldsValue(repairFormValues(action, job));
	}, [action, job, form]);

	const submit = useMutation({
		mutationFn: async (values: Values) => {
			const photoIds = await uploadRepairPhotos(job.case.id, values);
			const note = values.note?.trim() || undefined;
			const data = repairActionData(action!, values, photoIds);
			return runRepairAction(job.case.id, {
				action,
				version: job.case.version,
				note,
				...(data ? { data } : {}),
			} as RepairActionRequest);
		},
		onSuccess: (result) => {
			message.success(t("detail.saved"));
			onDone(result);
		},
		onError: (error) => {
			if (isVersionConflict(error)) {
				message.warning(t("detail.versionConflict"));
				onConflict();
				return;
			}
			// field paths come as data.<field>: the form's fields have the plain names
			const unmatched = applyFieldErrors(form, error, {
				t,
				mapPath: repairFieldPath,
			});
			if (fieldErrorsOf(error).length === 0 || unmatched.length > 0)
				showError(error);
		},
	});

	if (!action) return null;
	const required = (field: string) => [
		{
			required: true,
			whitespace: true,
			message: t("validation.required", { field: t(`field.${field}`) }),
		},
	];

	return (
		<Modal
			open
			title={repairActionLabel(t, action)}
			onCancel={onClose}
			onOk={() => form.submit()}
			okButtonProps={
				{
					loading: submit.isPending,
					"data-testid": "repair-action-submit",
				} as ButtonProps
			}
			width={action === "customer_accept" || action === "quote" ? 640 : 520}
			destroyOnHidden
		>
			<Form
				form={form}
				layout="vertical"
				onFinish={(values) => submit.mutate(values)}
			>
				<CheckInPosition action={action} />
				<RepairActionFields action={action} job={job} />
				<Form.Item
					name="note"
					label={
						action === "customer_reject" ||
						action === "fail_inspection" ||
						action === "decline" ||
						action === "cancel" ||
						action === "escalate"
							? t("field.reason")
							: t("field.note")
					}
					rules={NOTE_REQUIRED.has(action) ? required("reason") : undefined}
				>
					<Input.TextArea rows={2} maxLength={4000} data-testid="action-note" />
				</Form.Item>
			</Form>
		</Modal>
	);
}

/** Asks the device for its position once the check-in form is open (inside the Form). */
export function CheckInPosition({ action }: { action: string | null }) {
	useCheckInPosition(action);
	return null;
}
