import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
	App,
	Button,
	Card,
	Form,
	InputNumber,
	Select,
	Skeleton,
	Switch,
} from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { productCategoryPage } from "../../../../contracts/catalog";
import { api } from "../../api/client";
import {
	ApiErrorAlert,
	applyFieldErrors,
	isVersionConflict,
	PageHeader,
	useShowApiError,
} from "../../components";
import { type RepairSettings, repairKeys, useRepairSettings } from "./api";

type CategoryPage = z.infer<typeof productCategoryPage>;
const WEIGHTS = [
	"skill",
	"region",
	"workload",
	"appointments",
	"distance",
] as const;

/** 维修设置: auto-dispatch, the ranking's weights, and which product categories need quality inspection. */
export function RepairSettingsPage() {
	const { t } = useTranslation("repairs");
	const { message } = App.useApp();
	const showError = useShowApiError("repairs");
	const queryClient = useQueryClient();
	const settings = useRepairSettings();
	const categories = useQuery({
		queryKey: ["catalog", "categories", "all"],
		queryFn: () =>
			api.get<CategoryPage>("/product-categories", {
				archived: "all",
				limit: 500,
			}),
	});
	const [form] = Form.useForm();
	useEffect(() => {
		if (settings.data) form.setFieldsValue(settings.data);
	}, [settings.data, form]);

	const save = useMutation({
		mutationFn: (values: Omit<RepairSettings, "version" | "updatedAt">) =>
			api.put<RepairSettings>("/repairs/settings", {
				...values,
				version: settings.data!.version,
			}),
		onSuccess: (saved) => {
			queryClient.setQueryData(repairKeys.settings, saved);
			message.success(t("settings.saved"));
		},
		onError: (error) => {
			if (isVersionConflict(error)) void settings.refetch();
			if (applyFieldErrors(form, error, { t }).length === 0) showError(error);
		},
	});

	if (settings.isLoading) return <Skeleton active />;
	if (settings.error)
		return (
			<ApiErrorAlert
				error={settings.error}
				onReload={() => settings.refetch()}
			/>
		);
	return (
		<div style={{ maxWidth: 720 }}>
			<PageHeader title={t("settings.title")} />
			<Form
				form={form}
				layout="vertical"
				onFinish={(values) => save.mutate(values)}
			>
				<Card size="small" style={{ marginBottom: 16 }}>
					<Form.Item
						name="autoDispatch"
						label={t("settings.autoDispatch")}
						valuePropName="checked"
						extra={t("settings.autoDispatchHelp")}
					>
						<Switch />
					</Form.Item>
					<Form.Item
						name="autoDispatchWindowHours"
						label={t("settings.windowHours")}
						rules={[{ required: true }]}
					>
						<InputNumber min={1} max={24} />
					</Form.Item>
				</Card>
				<Card
					size="small"
					title={t("settings.weights")}
					style={{ marginBottom: 16 }}
				>
					{WEIGHTS.map((w) => (
						<Form.Item
							key={w}
							name={["weights", w]}
							label={t(`settings.weight.${w}`)}
							rules={[{ required: true }]}
						>
							<InputNumber min={0} max={100} />
						</Form.Item>
					))}
					<Form.Item
						name="maxDistanceKm"
						label={t("settings.maxDistanceKm")}
						rules={[{ required: true }]}
					>
						<InputNumber min={1} max={5000} />
					</Form.Item>
				</Card>
				<Card size="small" style={{ marginBottom: 16 }}>
					<Form.Item
						name="inspectionCategoryIds"
						label={t("settings.inspectionCategories")}
					>
						<Select
							mode="multiple"
							optionFilterProp="label"
							loading={categories.isLoading}
							options={(categories.data?.items ?? []).map((c) => ({
								value: c.id,
								label: c.name,
							}))}
						/>
					</Form.Item>
				</Card>
				<Button type="primary" htmlType="submit" loading={save.isPending}>
					{t("common:button.save", { defaultValue: "保存" })}
				</Button>
			</Form>
		</div>
	);
}
