import { Button, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { PageHeader } from "../../components";
import { useRepairJob } from "./api";
import { RepairStateTag } from "./labels";
import { RepairPanel } from "./RepairPanel";

/** 维修工单 page (/repairs/:id): the repair order of a case, for the desk and for the technician's phone. */
export function RepairJobPage() {
	const { t } = useTranslation("repairs");
	const { id = "" } = useParams();
	const navigate = useNavigate();
	const job = useRepairJob(id);
	const c = job.data?.case;
	return (
		<div style={{ maxWidth: 1100 }}>
			<PageHeader
				title={c ? t("detail.title", { number: c.number }) : t("menu.job")}
				tags={c ? <RepairStateTag state={c.state} /> : undefined}
				subTitle={c ? <Typography.Text>{c.title}</Typography.Text> : undefined}
				onBack={() => navigate(-1)}
				extra={
					c ? (
						<Link to={`/cases/${c.id}`}>
							<Button>{t("detail.openCase")}</Button>
						</Link>
					) : undefined
				}
			/>
			<RepairPanel caseId={id} />
		</div>
	);
}
