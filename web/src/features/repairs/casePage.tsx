import { Flex, Skeleton } from "antd";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiErrorAlert } from "../../components";
import type { CaseDetail } from "../cases/api";
import {
	type CaseActionFormProps,
	type CasePanelProps,
	registerCaseActionForm,
	registerCasePanel,
	registerCaseWorkflowActions,
} from "../cases/extensions";
import {
	type RepairActionRequest,
	type RepairJob,
	repairKeys,
	runRepairAction,
	useRepairJob,
} from "./api";
import {
	CheckInPosition,
	RepairActionFields,
	repairActionData,
	repairFieldPath,
	repairFormValues,
	uploadRepairPhotos,
} from "./RepairActionDialog";
import { RepairOrderView } from "./RepairPanel";

/**
 * The repair work order on the case page (工单详情) of a case of the workflow 'repair':
 *
 * - the panel shows what the order records (technician, appointment, field report, parts, labour,
 *   signature, rework, inspection, quote and charges) WITHOUT buttons of its own;
 * - the page's buttons are the order's allowedActions (the server knows the assigned technician,
 *   the inspector, a quote's consent …) plus the case's wait/resume, each once, and an action is
 *   taken through POST /cases/:id/repair/actions with this feature's form for it.
 *
 * The desk's forms 审核, 派单, 改约 and 结案 are the case feature's (cases/repairForms.tsx); the
 * technician's phone view (/repairs/:id) keeps its own big buttons and dialog with the same fields.
 */
const REPAIR = "repair";

/** The order of the case, refetched when the case moved on since it was read (an action elsewhere). */
function useRepairJobOfCase(detail: CaseDetail) {
	const query = useRepairJob(detail.id);
	const readVersion = query.data?.case.version;
	const { refetch, isFetching } = query;
	useEffect(() => {
		if (readVersion !== undefined && readVersion < detail.version && !isFetching)
			void refetch();
	}, [readVersion, detail.version, isFetching, refetch]);
	return query;
}

function RepairCasePanel({ detail }: CasePanelProps) {
	const { t } = useTranslation("repairs");
	const query = useRepairJobOfCase(detail);
	if (query.isLoading) return <Skeleton active />;
	if (!query.data)
		return (
			<ApiErrorAlert
				error={query.error}
				ns="repairs"
				onReload={() => query.refetch()}
				retry
			/>
		);
	return (
		<Flex vertical gap={8} data-testid="repair-panel">
			<Flex justify="end">
				<Link to={`/repairs/${detail.id}`}>{t("casePanel.openJob")}</Link>
			</Flex>
			<RepairOrderView job={query.data} embedded />
		</Flex>
	);
}

registerCasePanel({
	key: "repair",
	workflows: [REPAIR],
	placement: "main",
	titleKey: "repairs:casePanel.title",
	Component: RepairCasePanel,
});

registerCaseWorkflowActions(REPAIR, {
	useAllowedActions: (detail) => {
		const query = useRepairJobOfCase(detail);
		return {
			actions: query.data?.repair.allowedActions,
			error: query.data ? undefined : (query.error ?? undefined),
		};
	},
	run: async (detail, body, { queryClient }) => {
		const job = await runRepairAction(detail.id, body as RepairActionRequest);
		queryClient.setQueryData(repairKeys.job(detail.id), job);
		void queryClient.invalidateQueries({ queryKey: ["repairs", "my-jobs"] });
		void queryClient.invalidateQueries({ queryKey: ["repairs", "board"] });
		return job.case;
	},
});

/**
 * The technician's, the inspector's and the paid-repair actions: the same fields as on the work
 * order page (the fields are not under 'data': toData and mapPath translate).
 */
const CASE_PAGE_FORMS = [
	"check_in",
	"record_work",
	"use_parts",
	"return_parts",
	"self_check",
	"customer_accept",
	"customer_reject",
	"pass_inspection",
	"fail_inspection",
	"quote",
	"record_consent",
	"record_refusal",
	"record_charge",
] as const;

function fieldsOf(action: string) {
	function RepairActionFormFields({ detail }: CaseActionFormProps) {
		const job = useRepairJob(detail.id);
		if (!job.data) return <Skeleton active paragraph={{ rows: 2 }} />;
		return (
			<>
				<CheckInPosition action={action} />
				<RepairActionFields action={action} job={job.data} />
			</>
		);
	}
	return RepairActionFormFields;
}

for (const action of CASE_PAGE_FORMS) {
	registerCaseActionForm(REPAIR, action, {
		Fields: fieldsOf(action),
		initialValues: (detail, { queryClient }) => {
			const job = queryClient.getQueryData<RepairJob>(repairKeys.job(detail.id));
			return job ? repairFormValues(action, job) : {};
		},
		toData: async (values, detail) =>
			repairActionData(action, values, await uploadRepairPhotos(detail.id, values)),
		mapPath: repairFieldPath,
	});
}
