import { contentItems } from "../../../db/schema/index.ts";
import type { CatalogRow } from "../../../ml/recs/model-bundle.ts";

/** What the models read of an item (ml/recs CatalogRow), for a drizzle select. */
export const catalogRowColumns = {
  id: contentItems.id,
  type: contentItems.type,
  tags: contentItems.tags,
  difficulty: contentItems.difficulty,
  createdAt: contentItems.createdAt,
};

export const toCatalogRow = (r: {
  id: string;
  type: string;
  tags: string[];
  difficulty: number;
  createdAt: Date | string;
}): CatalogRow => ({ ...r, createdAt: new Date(r.createdAt).getTime() });
