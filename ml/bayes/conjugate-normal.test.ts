import { inverse, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { createRandom } from "../random";
import { posteriorGivenPopulation } from "./conjugate-normal";
import { sufficientStatistics } from "./hierarchical-linear";

describe("conjugate normal posterior given the population", () => {
  it("matches Gaussian conditioning of β on y computed from the raw data", () => {
    const r = createRandom(1);
    const population = {
      mean: [6, 0.4, -0.3],
      covariance: [
        [1.2, 0.1, 0],
        [0.1, 0.3, 0.05],
        [0, 0.05, 0.2],
      ],
      noiseVariance: 1.5,
    };
    const x = Array.from({ length: 4 }, () => [1, r.normal(), r.normal()]);
    const y = x.map(() => 6 + r.normal());
    const post = posteriorGivenPopulation(sufficientStatistics({ x, y }), population);
    // (β, y) is jointly normal: E[β | y] = μ + ΣXᵀ(XΣXᵀ + σ²I)⁻¹(y − Xμ), Cov = Σ − ΣXᵀ(XΣXᵀ + σ²I)⁻¹XΣ.
    const X = new Matrix(x);
    const S = new Matrix(population.covariance);
    const mu = Matrix.columnVector(population.mean);
    const gain = S.mmul(X.transpose()).mmul(
      inverse(X.mmul(S).mmul(X.transpose()).add(Matrix.eye(4).mul(population.noiseVariance))),
    );
    const mean = mu
      .clone()
      .add(gain.mmul(Matrix.columnVector(y).sub(X.mmul(mu))))
      .to1DArray();
    const cov = S.clone().sub(gain.mmul(X).mmul(S)).to2DArray();
    post.mean.forEach((v, i) => expect(v).toBeCloseTo(mean[i]!, 10));
    post.covariance.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(cov[i]![j]!, 10)));
  });

  it("reduces to the shrinkage formula B = σ²/(σ² + nτ²) in one dimension", () => {
    const y = [7, 5.5, 8, 6.5, 9];
    const n = y.length;
    const ybar = y.reduce((s, v) => s + v, 0) / n;
    const [m, tau2, sigma2] = [6, 0.5, 2];
    const post = posteriorGivenPopulation(sufficientStatistics({ x: y.map(() => [1]), y }), {
      mean: [m],
      covariance: [[tau2]],
      noiseVariance: sigma2,
    });
    const B = sigma2 / (sigma2 + n * tau2);
    expect(post.mean[0]).toBeCloseTo(B * m + (1 - B) * ybar, 12);
    expect(post.covariance[0]![0]).toBeCloseTo(((1 - B) * sigma2) / n, 12);
  });

  it("returns the population itself for a group with no data", () => {
    const population = {
      mean: [1, 2],
      covariance: [
        [1, 0.2],
        [0.2, 2],
      ],
      noiseVariance: 1,
    };
    const post = posteriorGivenPopulation(
      {
        xtx: [
          [0, 0],
          [0, 0],
        ],
        xty: [0, 0],
        n: 0,
      },
      population,
    );
    expect(post).toEqual({ mean: population.mean, covariance: population.covariance });
  });
});
