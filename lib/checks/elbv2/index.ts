import type { Check, OrgCheck } from "../types";
import albInvalidHeadersNotDropped from "./alb-invalid-headers-not-dropped";

/** The Elastic Load Balancing checks: one file each, its tests beside it. */
export const elbv2Checks: readonly (Check | OrgCheck)[] = [albInvalidHeadersNotDropped];
