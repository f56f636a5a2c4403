import type { DueWorkHandlers } from "../../platform/due-work.js";
import { AUTO_DISPATCH_KIND, autoDispatch } from "./dispatch.service.js";
import "./repairs.service.js";

/** Due work of repairs: optional auto-dispatch of a case that reached 待派单. */
export function repairDueWorkHandlers(): DueWorkHandlers {
	return { [AUTO_DISPATCH_KIND]: autoDispatch };
}
