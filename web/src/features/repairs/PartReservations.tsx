import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
	App,
	Button,
	Card,
	Empty,
	Form,
	Input,
	InputNumber,
	Modal,
	Popconfirm,
	Table,
} from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { useCan } from "../../app/session";
import { ApiErrorAlert } from "../../components";
import {
	partsKeys,
	type ReserveStockRequest,
	type StockCommandResult,
	type StockReservationPage,
} from "../parts/api";
import { LocationSelect, PartSelect, useStockErrorHandler } from "../parts/pickers";

/**
 * 预留备件 (R-PRT-2): parts held for this job on a shelf or a technician's van so nobody else takes
 * them. The technician's 使用备件 draws from what is held first; closing, cancelling or sending the
 * unit to the factory lets go of the rest (the server does, in the same transaction).
 */
export function PartReservations({
	caseNumber,
	open,
}: {
	caseNumber: string;
	/** the case is still open: new reservations make sense */
	open: boolean;
}) {
	const { t } = useTranslation("repairs");
	const { message } = App.useApp();
	const can = useCan();
	const queryClient = useQueryClient();
	const handleError = useStockErrorHandler();
	const [reserving, setReserving] = useState(false);
	const key = [...partsKeys.reservations, "case", caseNumber];
	const held = useQuery({
		queryKey: key,
		queryFn: () =>
			api.get<StockReservationPage>(
				`/stock-reservations?referenceType=case&referenceId=${encodeURIComponent(caseNumber)}&state=active&limit=100`,
			),
	});
	const refresh = () => {
		void queryClient.invalidateQueries({ queryKey: key });
		void queryClient.invalidateQueries({ queryKey: partsKeys.levels });
	};
	const release = useMutation({
		mutationFn: (reservationId: string) =>
			api.post<StockCommandResult>("/stock/release", { reservationId }),
		onSuccess: () => {
			message.success(t("reservations.released"));
			refresh();
		},
		onError: (error) => handleError(error),
	});
	const manage = can("parts.issue");
	const rows = held.data?.items ?? [];
	if (!open && rows.length === 0) return null;

	return (
		<Card
			size="small"
			title={t("reservations.title")}
			data-testid="part-reservations"
			extra={
				manage && open ? (
					<Button
						size="small"
						onClick={() => setReserving(true)}
						data-testid="reserve-parts"
					>
						{t("reservations.reserve")}
					</Button>
				) : null
			}
		>
			{held.error ? (
				<ApiErrorAlert error={held.error} onReload={() => held.refetch()} />
			) : rows.length === 0 ? (
				<Empty
					image={Empty.PRESENTED_IMAGE_SIMPLE}
					description={t("reservations.empty")}
				/>
			) : (
				<Table
					size="small"
					rowKey="id"
					pagination={false}
					loading={held.isFetching}
					dataSource={rows}
					scroll={{ x: true }}
					columns={[
						{
							title: t("field.part"),
							render: (_, r) => `${r.partCode} ${r.partName}`,
						},
						{ title: t("field.location"), dataIndex: "locationName" },
						{ title: t("reservations.remaining"), dataIndex: "remaining" },
						...(manage
							? [
									{
										key: "release",
										render: (_: unknown, r: { id: string }) => (
											<Popconfirm
												title={t("reservations.releaseConfirm")}
												onConfirm={() => release.mutate(r.id)}
												okButtonProps={{ "data-testid": "release-confirm" } as never}
											>
												<Button
													size="small"
													type="link"
													danger
													data-testid="release-reservation"
												>
													{t("reservations.release")}
												</Button>
											</Popconfirm>
										),
									},
								]
							: []),
					]}
				/>
			)}
			{reserving && (
				<ReserveDialog
					caseNumber={caseNumber}
					onClose={() => setReserving(false)}
					onDone={() => {
						setReserving(false);
						message.success(t("reservations.saved"));
						refresh();
					}}
				/>
			)}
		</Card>
	);
}

interface ReserveValues {
	locationId: string;
	partId: string;
	quantity: number;
	note?: string;
}

function ReserveDialog({
	caseNumber,
	onClose,
	onDone,
}: {
	caseNumber: string;
	onClose: () => void;
	onDone: () => void;
}) {
	const { t } = useTranslation("repairs");
	const handleError = useStockErrorHandler();
	const [form] = Form.useForm<ReserveValues>();
	const reserve = useMutation({
		mutationFn: (values: ReserveValues) =>
			api.post<StockCommandResult>("/stock/reserve", {
				reference: { type: "case", id: caseNumber },
				lines: [
					{
						partId: values.partId,
						locationId: values.locationId,
						quantity: values.quantity,
					},
				],
				note: values.note?.trim() || null,
			} satisfies ReserveStockRequest),
		onSuccess: onDone,
		onError: (error) => handleError(error, { form }),
	});
	const required = (field: string) => [
		{
			required: true,
			message: t("validation.required", { field: t(field) }),
		},
	];
	return (
		<Modal
			open
			title={t("reservations.dialogTitle", { number: caseNumber })}
			onCancel={onClose}
			onOk={() => form.submit()}
			okButtonProps={{ loading: reserve.isPending, "data-testid": "reserve-confirm" } as never}
			destroyOnHidden
		>
			<Form
				form={form}
				layout="vertical"
				initialValues={{ quantity: 1 }}
				onFinish={(values) => reserve.mutate(values)}
			>
				<Form.Item name="locationId" label={t("field.location")} rules={required("field.location")}>
					<LocationSelect data-testid="reserve-location" />
				</Form.Item>
				<Form.Item name="partId" label={t("field.part")} rules={required("field.part")}>
					<PartSelect data-testid="reserve-part" />
				</Form.Item>
				<Form.Item name="quantity" label={t("field.quantity")} rules={required("field.quantity")}>
					<InputNumber min={1} max={1_000_000} precision={0} data-testid="reserve-quantity" />
				</Form.Item>
				<Form.Item name="note" label={t("reservations.note")}>
					<Input maxLength={500} />
				</Form.Item>
			</Form>
		</Modal>
	);
}
