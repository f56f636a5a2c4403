import {
	CarOutlined,
	ScheduleOutlined,
	SettingOutlined,
} from "@ant-design/icons";
import type { FeatureModule } from "../../app/feature";
import { messages } from "./messages";
// the work order panel, the action forms and the actions of repair cases on the case page
import "./casePage";

/**
 * 维修与派单 (R-REP-1..9): 派单看板 for the desk, 我的工单 for technicians on their phones, the
 * repair order page (/repairs/:id, reached from the board, the jobs and the case page) and 维修设置.
 * On the case page of a repair case the order is a panel and the actions are the page's buttons
 * with this feature's forms (./casePage).
 */
export const repairsFeature: FeatureModule = {
	key: "repairs",
	menu: [
		{
			path: "/dispatch/board",
			labelKey: "menu.board",
			icon: <ScheduleOutlined />,
			permission: "repair.dispatch",
			group: "menuGroup.service",
			descriptionKey: "description.board",
		},
		{
			path: "/my/jobs",
			labelKey: "menu.myJobs",
			icon: <CarOutlined />,
			permission: "repair.fieldwork",
			group: "menuGroup.workbench",
			descriptionKey: "description.myJobs",
		},
		{
			path: "/repairs/settings",
			labelKey: "menu.settings",
			icon: <SettingOutlined />,
			permission: "settings.write",
			group: "menuGroup.settings",
			descriptionKey: "description.settings",
		},
		{ path: "/repairs", labelKey: "menu.job", hidden: true },
	],
	routes: [
		{
			path: "dispatch/board",
			lazy: async () => ({
				Component: (await import("./DispatchBoardPage")).DispatchBoardPage,
			}),
		},
		{
			path: "my/jobs",
			lazy: async () => ({
				Component: (await import("./MyJobsPage")).MyJobsPage,
			}),
		},
		{
			path: "repairs/settings",
			lazy: async () => ({
				Component: (await import("./RepairSettingsPage")).RepairSettingsPage,
			}),
		},
		{
			path: "repairs/:id",
			lazy: async () => ({
				Component: (await import("./RepairJobPage")).RepairJobPage,
			}),
		},
	],
	messages,
};
