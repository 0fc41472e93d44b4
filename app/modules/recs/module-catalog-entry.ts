/** A library catalog item another module offers (a typing pack, a scenario, a drill, a shared story). */
export interface ModuleCatalogEntry {
  externalKey: string;
  title: string;
  description: string;
  body: string;
  tags: string[];
  /** 1–5. */
  difficulty: number;
  durationMin: number;
  /** Where the practice starts; null for an item read in the library itself (its page). */
  url: string | null;
}
