import { createRandom } from "../random.ts";
import { normaliseRows } from "./vector-index.ts";

/** n random unit vectors (Gaussian directions), packed row-major: the hardest case for a graph index. */
export function randomUnitRows(n: number, dim: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return normaliseRows(
    Float32Array.from({ length: n * dim }, () => random.normal()),
    dim,
  );
}
