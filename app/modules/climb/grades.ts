/**
 * Grade scales and conversions (pure, shared by forms and services). Boulder grades are stored as a V-scale
 * number, route grades as an index into the French scale; conversions follow the common comparison tables
 * (the V/Font and French/YDS/UIAA rows most guidebooks print), which are approximate by nature.
 */
export const BOULDER_SCALES = ["v", "font"] as const;
export type BoulderScale = (typeof BOULDER_SCALES)[number];
export const ROUTE_SCALES = ["french", "yds", "uiaa"] as const;
export type RouteScale = (typeof ROUTE_SCALES)[number];

/** Font grade for V0…V17. */
const FONT_FOR_V = [
  "4",
  "5",
  "5+",
  "6A+",
  "6B+",
  "6C+",
  "7A",
  "7A+",
  "7B+",
  "7C",
  "7C+",
  "8A",
  "8A+",
  "8B",
  "8B+",
  "8C",
  "8C+",
  "9A",
];
/** Font grades between table rows, mapped to the V grade they are usually given. */
const FONT_ALIASES: Record<string, number> = { "6A": 3, "6B": 4, "6C": 5, "7B": 8 };

const FRENCH = [
  "4a",
  "4b",
  "4c",
  "5a",
  "5b",
  "5c",
  "6a",
  "6a+",
  "6b",
  "6b+",
  "6c",
  "6c+",
  "7a",
  "7a+",
  "7b",
  "7b+",
  "7c",
  "7c+",
  "8a",
  "8a+",
  "8b",
  "8b+",
  "8c",
  "8c+",
  "9a",
  "9a+",
  "9b",
  "9b+",
  "9c",
];
const YDS = [
  "5.5",
  "5.6",
  "5.7",
  "5.8",
  "5.9",
  "5.10a",
  "5.10b",
  "5.10c",
  "5.10d",
  "5.11a",
  "5.11b",
  "5.11c",
  "5.11d",
  "5.12a",
  "5.12b",
  "5.12c",
  "5.12d",
  "5.13a",
  "5.13b",
  "5.13c",
  "5.13d",
  "5.14a",
  "5.14b",
  "5.14c",
  "5.14d",
  "5.15a",
  "5.15b",
  "5.15c",
  "5.15d",
];
const UIAA = [
  "IV",
  "IV+",
  "V-",
  "V",
  "V+",
  "VI-",
  "VI",
  "VI+",
  "VII-",
  "VII",
  "VII+",
  "VIII-",
  "VIII",
  "VIII+",
  "IX-",
  "IX",
  "IX+",
  "X-",
  "X",
  "X+",
  "XI-",
  "XI",
  "XI+",
  "XII-",
  "XII",
  "XII+",
  "XIII-",
  "XIII",
  "XIII+",
];
const ROUTE_TABLES: Record<RouteScale, string[]> = { french: FRENCH, yds: YDS, uiaa: UIAA };

export const MAX_V = FONT_FOR_V.length - 1;
export const MAX_ROUTE_INDEX = FRENCH.length - 1;

const normaliseBoulder = (grade: string) => grade.trim().toUpperCase().replace(/^V/, "");

/** The V number of a boulder grade in either scale, or null when it is not a grade of that scale. */
export function boulderToV(scale: BoulderScale, grade: string): number | null {
  const g = normaliseBoulder(grade);
  if (scale === "v") {
    if (g === "B" || g === "0-") return 0;
    const n = /^\d{1,2}$/.test(g) ? Number(g) : NaN;
    return Number.isInteger(n) && n >= 0 && n <= MAX_V ? n : null;
  }
  const index = FONT_FOR_V.indexOf(g);
  if (index >= 0) return index;
  return FONT_ALIASES[g] ?? null;
}

export function vToBoulder(scale: BoulderScale, v: number): string {
  return scale === "v" ? `V${v}` : FONT_FOR_V[v]!;
}

export function routeToIndex(scale: RouteScale, grade: string): number | null {
  const g = grade.trim();
  const table = ROUTE_TABLES[scale];
  const index = scale === "uiaa" ? table.indexOf(g.toUpperCase()) : table.indexOf(g.toLowerCase());
  return index >= 0 ? index : null;
}

export function indexToRoute(scale: RouteScale, index: number): string {
  return ROUTE_TABLES[scale][index]!;
}

/** Every grade of a scale, easiest first, for select inputs. */
export function boulderGrades(scale: BoulderScale): string[] {
  return FONT_FOR_V.map((_, v) => vToBoulder(scale, v));
}
export function routeGrades(scale: RouteScale): string[] {
  return [...ROUTE_TABLES[scale]];
}
