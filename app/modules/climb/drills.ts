import { SESSION_TYPE_LABELS, type ModelledType } from "./session-types.ts";

/**
 * Climbing drills: named exercises a climber can fit into a session of a given type. Pure (browser-safe).
 * The library lists each one (external key `climb-drill:<key>`, cross-module-catalog.server.ts), and a logged
 * session whose exercises or notes name a drill counts as practising it (drillsNamedIn).
 */
export interface ClimbDrill {
  key: string;
  title: string;
  /** One sentence: what the drill trains. */
  description: string;
  /** How to do it, one step per entry. */
  steps: string[];
  /** The session type it belongs in (session-types.ts). */
  sessionType: ModelledType;
  /** 1 (anyone) to 5 (experienced, strong fingers). */
  difficulty: number;
  minutes: number;
  /** How the drill is written in an exercise name or a session's notes. */
  names: RegExp[];
}

export const CLIMB_DRILLS: ClimbDrill[] = [
  {
    key: "silent-feet",
    title: "Silent feet",
    description: "Place every foot without a sound, so your eyes and legs do the work instead of your arms.",
    steps: [
      "Pick problems three or four grades below your limit.",
      "Look at each foothold until your foot is on it; place the toe precisely, then weight it.",
      "If a foot makes a sound or slips and re-adjusts, downclimb and repeat the move.",
      "Do five problems, resting a minute between them; keep your hips close to the wall.",
    ],
    sessionType: "technique",
    difficulty: 1,
    minutes: 15,
    names: [/silent feet/i, /quiet feet/i],
  },
  {
    key: "hover-hands",
    title: "Hover hands",
    description:
      "Hover over each handhold for two seconds before taking it, to learn balance and commitment.",
    steps: [
      "Choose easy problems or a vertical wall you know well.",
      "Before grabbing each hold, hold your hand just above it for two seconds.",
      "If you cannot hover, your body position is off: move your hips or feet until you can.",
      "Climb four or five problems this way, then climb them again normally and notice the difference.",
    ],
    sessionType: "technique",
    difficulty: 2,
    minutes: 15,
    names: [/hover hands?/i],
  },
  {
    key: "four-by-fours",
    title: "4×4s",
    description: "Four problems climbed back to back, four times: power endurance for bouldering and routes.",
    steps: [
      "Warm up fully, then choose four problems you can flash, about four grades below your limit.",
      "Climb all four back to back with no rest beyond walking between them.",
      "Rest four minutes, then repeat for four sets in all.",
      "If you fall on the first set, the problems are too hard; if the last set feels easy, make them harder.",
    ],
    sessionType: "power_endurance",
    difficulty: 3,
    minutes: 30,
    names: [/\b4\s*[x×]\s*4s?\b/i, /four[- ]by[- ]fours?/i],
  },
  {
    key: "hangboard-repeaters",
    title: "Hangboard repeaters",
    description: "Seven seconds on, three off, six times: finger strength-endurance on a hangboard.",
    steps: [
      "Warm up with easy climbing and a few bodyweight hangs on a big edge.",
      "Hang a 20–25 mm edge, open hand or half crimp, for 7 seconds, then rest 3 seconds; six hangs make a set.",
      "Rest three minutes between sets; do four to six sets.",
      "Stop at once if a finger hurts. Not for your first year of climbing: tendons adapt slower than muscles.",
    ],
    sessionType: "hangboard",
    difficulty: 3,
    minutes: 25,
    names: [/repeaters?/i],
  },
  {
    key: "max-hangs",
    title: "Max hangs",
    description: "Short, heavy hangs on a medium edge: the most direct way to build finger strength.",
    steps: [
      "Warm up thoroughly, finishing with a few hangs on the edge you will use.",
      "Hang a 20 mm edge for 10 seconds with a load (or assistance) you could just hold for 13.",
      "Rest three minutes between hangs; do five or six.",
      "Keep the shoulders engaged and stop when a hang falls short of 10 seconds.",
    ],
    sessionType: "hangboard",
    difficulty: 4,
    minutes: 20,
    names: [/max(imal|imum)? hangs?/i],
  },
  {
    key: "arc-traversing",
    title: "ARC traversing",
    description: "Long, easy continuous climbing with a light pump: aerobic capacity and relaxed movement.",
    steps: [
      "Traverse or climb laps on terrain well below your limit, without coming off the wall.",
      "Keep going for 20–30 minutes with a slight forearm pump that never builds to failure.",
      "Shake out on good holds and practise smooth, quiet movement and breathing.",
      "Rest ten minutes and do a second block if time allows.",
    ],
    sessionType: "volume",
    difficulty: 1,
    minutes: 40,
    names: [/\bARC\b/, /arc (traversing|training|traverse)/i],
  },
  {
    key: "flash-pyramid",
    title: "Flash pyramid",
    description:
      "Many flash attempts on a pyramid of grades: mileage, reading and confidence on first tries.",
    steps: [
      "Pick eight problems four grades below your limit, four at three below, two at two below and one at one below.",
      "Try each once, from the bottom of the pyramid up, reading it from the ground first.",
      "Rest two or three minutes between problems as they get harder.",
      "Count your flashes: next time, move the pyramid up a grade when you flash most of the top two rows.",
    ],
    sessionType: "volume",
    difficulty: 2,
    minutes: 45,
    names: [/flash pyramids?/i],
  },
  {
    key: "limit-projecting",
    title: "Limit boulder projecting",
    description: "A few hard problems tried with full rest: maximum strength and power at your limit.",
    steps: [
      "Warm up progressively until moderate problems feel easy.",
      "Choose three or four problems at or just above your best grade.",
      "Give each three to five full-effort attempts, resting three to four minutes between them.",
      "Work the crux in isolation when a whole attempt fails; stop when your power drops.",
    ],
    sessionType: "limit_bouldering",
    difficulty: 4,
    minutes: 60,
    names: [/limit (problems|bouldering|boulders?)/i, /project(ing)? one move/i],
  },
];

export const drillByKey = (key: string) => CLIMB_DRILLS.find((d) => d.key === key) ?? null;

/** The drills a logged session names in its exercises or notes (each at most once). */
export function drillsNamedIn(texts: readonly (string | null | undefined)[]): ClimbDrill[] {
  const text = texts.filter(Boolean).join("\n");
  if (!text) return [];
  return CLIMB_DRILLS.filter((d) => d.names.some((n) => n.test(text)));
}

/** The drill's how-to as the library shows it, one step a line. */
export const drillHowTo = (d: ClimbDrill) =>
  [`Session: ${SESSION_TYPE_LABELS[d.sessionType]}`, ...d.steps.map((s, i) => `${i + 1}. ${s}`)].join("\n");
