import { platformEndpoints } from "../modules/admin/api-contract.ts";
import { authEndpoints } from "../modules/auth/api-contract.ts";
import { climbEndpoints } from "../modules/climb/api-contract.ts";
import { learnEndpoints } from "../modules/learn/api-contract.ts";
import { notificationEndpoints } from "../modules/notifications/api-contract.ts";
import { recsEndpoints } from "../modules/recs/api-contract.ts";
import { storiesEndpoints } from "../modules/stories/api-contract.ts";
import { achievementEndpoints } from "../modules/learn/achievements/api-contract.ts";
import { analyticsEndpoints } from "../modules/learn/analytics/api-contract.ts";
import { tutorEndpoints } from "../modules/learn/tutor/tutor-api-contract.ts";
import { todayEndpoints } from "../modules/today/api-contract.ts";
import { typingEndpoints } from "../modules/typing/api-contract.ts";
import type { EndpointSpec } from "./openapi.server.ts";

/** Every documented endpoint. A module with an API adds its contract here. */
export const apiEndpoints: EndpointSpec[] = [
  ...platformEndpoints,
  ...todayEndpoints,
  ...authEndpoints,
  ...notificationEndpoints,
  ...typingEndpoints,
  ...learnEndpoints,
  ...tutorEndpoints,
  ...achievementEndpoints,
  ...analyticsEndpoints,
  ...climbEndpoints,
  ...recsEndpoints,
  ...storiesEndpoints,
];
