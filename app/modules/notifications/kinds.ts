/**
 * The kinds of in-app notification, with the label the notification centre shows. Browser-safe: the
 * page, the API contract and the producers share this one list.
 */
export const NOTIFICATION_KINDS = [
  "streak-reminder",
  "achievement",
  "training-finished",
  "new-recommendations",
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const KIND_LABELS: Record<NotificationKind, string> = {
  "streak-reminder": "Streak reminder",
  achievement: "Achievement",
  "training-finished": "Training finished",
  "new-recommendations": "New picks",
};

/** The label for a stored kind (a kind no longer in the list shows as it is stored). */
export function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}
