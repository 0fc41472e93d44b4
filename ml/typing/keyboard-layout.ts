/**
 * US QWERTY geometry for difficulty features and the keyboard heatmap: row, column (in key widths, with the
 * usual row stagger), the finger that types the key under touch typing, and whether Shift is needed.
 */
export type Finger = "L5" | "L4" | "L3" | "L2" | "R2" | "R3" | "R4" | "R5" | "thumb";

export interface KeyInfo {
  /** The unshifted key label the character is typed on (e.g. "1" for "!"). */
  key: string;
  row: number;
  x: number;
  finger: Finger;
  hand: "left" | "right" | "both";
  shift: boolean;
}

const ROWS: { keys: string; shifted: string; offset: number }[] = [
  { keys: "`1234567890-=", shifted: "~!@#$%^&*()_+", offset: 0 },
  { keys: "qwertyuiop[]\\", shifted: "QWERTYUIOP{}|", offset: 1.5 },
  { keys: "asdfghjkl;'", shifted: 'ASDFGHJKL:"', offset: 1.75 },
  { keys: "zxcvbnm,./", shifted: "ZXCVBNM<>?", offset: 2.25 },
];

// Column (0-based within the number row's grid) -> finger, the standard touch-typing assignment.
function fingerFor(row: number, column: number): Finger {
  const c = row === 0 ? column : column + 1;
  if (c <= 1) return "L5";
  if (c === 2) return "L4";
  if (c === 3) return "L3";
  if (c === 4 || c === 5) return "L2";
  if (c === 6 || c === 7) return "R2";
  if (c === 8) return "R3";
  if (c === 9) return "R4";
  return "R5";
}

const TABLE = new Map<string, KeyInfo>();
ROWS.forEach((r, row) => {
  [...r.keys].forEach((key, column) => {
    const finger = fingerFor(row, column);
    const info = {
      key,
      row,
      x: r.offset + column,
      finger,
      hand: finger.startsWith("L") ? "left" : "right",
    } as const;
    TABLE.set(key, { ...info, shift: false });
    TABLE.set(r.shifted[column]!, { ...info, shift: true });
  });
});
TABLE.set(" ", { key: " ", row: 4, x: 6, finger: "thumb", hand: "both", shift: false });

export function keyInfo(char: string): KeyInfo | undefined {
  return TABLE.get(char);
}

/** Home row position of each finger, for travel distance. */
const HOME: Record<Exclude<Finger, "thumb">, { row: number; x: number }> = {
  L5: { row: 2, x: 1.75 },
  L4: { row: 2, x: 2.75 },
  L3: { row: 2, x: 3.75 },
  L2: { row: 2, x: 4.75 },
  R2: { row: 2, x: 7.75 },
  R3: { row: 2, x: 8.75 },
  R4: { row: 2, x: 9.75 },
  R5: { row: 2, x: 10.75 },
};

/** Distance (in key widths) from the finger's home key to this key; 0 for the space bar. */
export function travelFromHome(info: KeyInfo): number {
  if (info.finger === "thumb") return 0;
  const home = HOME[info.finger];
  return Math.hypot(info.x - home.x, info.row - home.row);
}

/** Keys drawn on the heatmap, row by row. */
export const HEATMAP_ROWS = ROWS.map((r) => ({ keys: [...r.keys], offset: r.offset }));
