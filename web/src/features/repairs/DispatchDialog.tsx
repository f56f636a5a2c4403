import { useMutation } from "@tanstack/react-query";
import {
	App,
	type ButtonProps,
	DatePicker,
	Flex,
	Form,
	Input,
	Modal,
	Radio,
	Table,
	Tag,
	Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
	applyFieldErrors,
	dayjs,
	fieldErrorsOf,
	isApiError,
	isVersionConflict,
	useShowApiError,
} from "../../components";
import {
	type DispatchCandidate,
	dispatchCase,
	type RepairJob,
	useDispatchCandidates,
} from "./api";
import { isNegativeReason, reasonText } from "./labels";

interface Values {
	window: [Dayjs, Dayjs];
	overrideReason?: string;
	note?: string;
}

/** The next full hour, and two hours from it: the default appointment window. */
function defaultWindow(): [Dayjs, Dayjs] {
	const start = dayjs().add(1, "hour").startOf("hour");
	return [start, start.add(2, "hour")];
}

/**
 * 派单 (R-REP-3): the ranked technicians with the reason for each, the appointment window, and the
 * reason when the agent picks someone else than the top candidate (改派理由).
 */
export function DispatchDialog({
	job,
	open,
	onClose,
	onDone,
	onConflict,
}: {
	job: RepairJob;
	open: boolean;
	onClose: () => void;
	onDone: (job: RepairJob) => void;
	onConflict: () => void;
}) {
	const { t } = useTranslation("repairs");
	const { message } = App.useApp();
	const showError = useShowApiError("repairs");
	const [form] = Form.useForm<Values>();
	const [initialWindow] = useState(defaultWindow);
	const window = Form.useWatch("window", form) ?? initialWindow;
	const date = window?.[0]?.format("YYYY-MM-DD");
	const candidates = useDispatchCandidates(job.case.id, date, open);
	const items = candidates.data?.items ?? [];
	const top = items[0]?.technicianId;
	const [chosen, setChosen] = useState<string | undefined>(undefined);
	const technicianId = chosen ?? top;
	const needsReason = !!technicianId && !!top && technicianId !== top;

	const submit = useMutation({
		mutationFn: (values: Values) =>
			dispatchCase(job.case.id, {
				technicianId: technicianId!,
				window: {
					start: values.window[0].toISOString(),
					end: values.window[1].toISOString(),
				},
				version: job.case.version,
				overrideReason: values.overrideReason?.trim() || undefined,
				note: values.note?.trim() || undefined,
			}),
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
			if (isApiError(error, "override_reason_required")) {
				form.setFields([{ name: "overrideReason", errors: [error.message] }]);
				return;
			}
			const unmatched = applyFieldErrors(form, error, { t });
			if (fieldErrorsOf(error).length === 0 || unmatched.length > 0)
				showError(error);
		},
	});

	const columns = [
		{
			title: t("field.rank"),
			dataIndex: "rank",
			width: 64,
			render: (rank: number) =>
				rank === 1 ? <Tag color="green">{t("dispatchDialog.top")}</Tag> : rank,
		},
		{ title: t("field.technician"), dataIndex: "name", width: 120 },
		{ title: t("field.score"), dataIndex: "score", width: 80 },
		{
			title: t("field.reasons"),
			key: "reasons",
			render: (_: unknown, c: DispatchCandidate) => (
				<Flex gap={4} wrap>
					{c.reasons.map((r) => (
						<Tag
							key={r.code}
							color={isNegativeReason(r) ? "orange" : undefined}
						>
							{reasonText(t, r)}
						</Tag>
					))}
				</Flex>
			),
		},
	];

	return (
		<Modal
			open={open}
			title={t("dispatchDialog.title", { number: job.case.number })}
			width={860}
			okText={t("dispatchDialog.submit")}
			onOk={() => form.submit()}
			okButtonProps={
				{
					loading: submit.isPending,
					disabled: !technicianId,
					"data-testid": "dispatch-submit",
				} as ButtonProps
			}
			onCancel={onClose}
			destroyOnHidden
		>
			<Form<Values>
				form={form}
				layout="vertical"
				initialValues={{ window: initialWindow }}
				onFinish={(values) => submit.mutate(values)}
			>
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
				<Typography.Title level={5}>
					{t("dispatchDialog.candidates")}
				</Typography.Title>
				<Radio.Group
					value={technicianId}
					onChange={(e) => setChosen(e.target.value)}
					style={{ width: "100%" }}
				>
					<Table<DispatchCandidate>
						size="small"
						rowKey="technicianId"
						loading={candidates.isLoading}
						dataSource={items}
						pagination={false}
						scroll={{ y: 320 }}
						locale={{ emptyText: t("dispatchDialog.noCandidates") }}
						onRow={(c) => ({
							onClick: () => setChosen(c.technicianId),
							style: { cursor: "pointer" },
						})}
						columns={[
							{
								title: t("dispatchDialog.choose"),
								key: "choose",
								width: 64,
								render: (_: unknown, c: DispatchCandidate) => (
									<Radio
										value={c.technicianId}
										aria-label={c.name}
										data-testid={`candidate-${c.technicianId}`}
									/>
								),
							},
							...columns,
						]}
					/>
				</Radio.Group>
				{needsReason && (
					<Form.Item
						name="overrideReason"
						label={t("field.overrideReason")}
						style={{ marginTop: 16 }}
						rules={[
							{
								required: true,
								whitespace: true,
								message: t("validation.required", { field: t("field.reason") }),
							},
						]}
					>
						<Input maxLength={500} data-testid="override-reason" />
					</Form.Item>
				)}
				<Form.Item
					name="note"
					label={t("field.note")}
					style={{ marginTop: 16 }}
				>
					<Input.TextArea rows={2} maxLength={4000} />
				</Form.Item>
			</Form>
		</Modal>
	);
}
