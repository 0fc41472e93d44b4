import { env } from "../../lib/env.server.ts";
import { GenerationSlots } from "./generation-slots.server.ts";

/**
 * Per-process state of the stories being written: the slots that limit them, and each one's Stop switch
 * (keyed by the story id announced in the stream's `start` event). A Stop sent to another instance of the
 * app finds nothing (404); the client then drops the connection, which also ends the work.
 */
const state = globalThis as typeof globalThis & {
  __praxisStorySlots?: GenerationSlots;
  __praxisRunningStories?: Map<string, { userId: string; stop: AbortController }>;
};

export function storySlots(): GenerationSlots {
  state.__praxisStorySlots ??= new GenerationSlots(env().STORY_MAX_CONCURRENT, env().STORY_MAX_QUEUED);
  return state.__praxisStorySlots;
}

function running() {
  state.__praxisRunningStories ??= new Map();
  return state.__praxisRunningStories;
}

export function registerRunning(id: string, userId: string): { stop: AbortSignal; done: () => void } {
  const stop = new AbortController();
  running().set(id, { userId, stop });
  return { stop: stop.signal, done: () => running().delete(id) };
}

/** True when the story was being written here for this user and is now told to stop. */
export function stopRunning(id: string, userId: string): boolean {
  const entry = running().get(id);
  if (!entry || entry.userId !== userId) return false;
  entry.stop.abort();
  return true;
}
