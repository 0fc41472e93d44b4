export * from "./auth.ts";
export * from "./platform.ts";
export * from "./typing.ts";
export * from "./learn.ts";
export * from "./learn-tutor.ts";
export * from "./learn-progress.ts";
export * from "./notifications.ts";
export * from "./climb.ts";
