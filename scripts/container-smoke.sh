#!/usr/bin/env bash
# Container smoke test (issue 10): builds the production image with podman, runs it against a PostgreSQL
# on the host and sends one real request per module through it. Needs root, podman, runc, debootstrap
# (Debian 12) and `npm install` done on the host; not part of CI. See docs/deploy.md, "Container smoke
# test (issue 10)".
#
#   bash scripts/container-smoke.sh          # SMOKE_IMAGE=... to tag the image otherwise
#
# Safe to re-run: leftovers of an earlier run are removed first; unchanged image layers are reused.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$PATH"

IMAGE=${SMOKE_IMAGE:-localhost/praxis:smoke}
BASE=docker.io/library/node:24-slim # what `FROM node:24-slim` resolves to
NAME=praxis-container-smoke
LAYERS=/tmp/praxis-container-smoke.layers # this script's step images of its last build
# This machine: crun fails on hybrid cgroups and with the default rlimits, runc with lowered ones works.
RUN=(podman --runtime runc run --network host --ulimit nofile=1024:1024 --ulimit nproc=4096:4096)

WORK=$(mktemp -d /tmp/praxis-container-smoke.XXXXXX)
PG_PID=""
PASSED=0
FAILED=0

log() { printf '%s\n' "-- $*" >&2; }
pass() { PASSED=$((PASSED + 1)); printf 'PASS %s\n' "$*"; }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL %s\n' "$*"; }
now_ms() { date +%s%3N; }
finish() {
  echo "container smoke: $PASSED passed, $FAILED failed"
  [[ $FAILED == 0 ]]
}
abort() { fail "$*"; finish || exit 1; }

# One name per call: podman 4.3's `rm -f a b` skips b when a does not exist.
remove_containers() {
  for c in "$NAME" "$NAME-migrate"; do podman rm -f --ignore -t 2 "$c" >/dev/null 2>&1 || true; done
}

cleanup() {
  remove_containers
  if [[ -n $PG_PID ]] && kill -0 "$PG_PID" 2>/dev/null; then
    kill -TERM "$PG_PID"
    wait "$PG_PID" 2>/dev/null || true
  fi
  # A postmaster left behind (its node parent died): fast shutdown.
  if [[ -f $WORK/pg/postmaster.pid ]]; then
    if kill -INT "$(head -1 "$WORK/pg/postmaster.pid")" 2>/dev/null; then sleep 2; fi
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
remove_containers # an interrupted earlier run
rm -f /tmp/praxis-container-smoke.log

# (a) A local stand-in for node:24-slim (no registry is reachable here), made as docs/deploy.md describes.
build_base() {
  local rootfs=$WORK/base/rootfs
  log "no $BASE in podman's store: building the local stand-in (debootstrap, a few minutes)"
  mkdir -p "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log" >&2; return 1; }
  rm -rf "$rootfs"/usr/share/{doc,man,locale}/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*
  # The official image's unprivileged user.
  groupadd -R "$rootfs" -g 1000 node
  useradd -R "$rootfs" -u 1000 -g node -s /bin/bash -m node
  # Node: the binary of the npm `node` package this project installs; npm 11 from the registry.
  install -m 755 node_modules/node/bin/node "$rootfs/usr/local/bin/node"
  (cd "$WORK/base" && npm pack --silent npm@11 >/dev/null)
  mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
  tar -xzf "$WORK"/base/npm-*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  # The official image's entrypoint.
  cat >"$rootfs/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command. The last part inside the "{}" is a workaround for the following bug in ash/dash:
# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
EOF
  chmod 755 "$rootfs/usr/local/bin/docker-entrypoint.sh"
  # Local only: npm traffic here goes through TLS interception, so npm in the image needs the host's CAs.
  if [[ -f /etc/ssl/certs/ca-certificates.crt ]]; then
    mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/usr/local/etc"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
    echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$rootfs/usr/local/etc/npmrc"
  fi
  tar -C "$rootfs" --numeric-owner -cf "$WORK/base/rootfs.tar" .
  podman import -q --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$(node --version | tr -d v)" --change 'ENTRYPOINT ["docker-entrypoint.sh"]' \
    --change 'CMD ["node"]' "$WORK/base/rootfs.tar" "$BASE" >/dev/null
  rm -rf "$WORK/base"
}

if podman image exists "$BASE"; then
  log "base image $BASE is in podman's store: $(podman image inspect "$BASE" --format '{{.Created}}')"
else
  t0=$(now_ms)
  build_base
  pass "stand-in base image $BASE built in $((($(now_ms) - t0) / 1000)) s"
fi

# (b) The repository's Dockerfile, built from the working tree as it is (uncommitted edits included).
# --isolation chroot: RUN steps fail under crun on this machine (hybrid cgroups).
log "building $IMAGE"
t0=$(now_ms)
if podman build --pull=never --format docker --isolation chroot --network host -t "$IMAGE" . >"$WORK/build.log" 2>&1; then
  size=$(podman image inspect "$IMAGE" --format '{{.Size}}')
  pass "podman build $IMAGE in $((($(now_ms) - t0) / 1000)) s, image $((size / 1000000)) MB"
  # Remove the untagged step images of the previous run that this build no longer uses (else every
  # re-run with changed files keeps a few hundred MB more); this build's stay as the layer cache.
  grep -oE -- '--> [0-9a-f]+' "$WORK/build.log" | awk '{print $2}' | sort -u >"$WORK/layers"
  if [[ -f $LAYERS ]]; then
    for id in $(comm -23 <(sort -u "$LAYERS") "$WORK/layers"); do
      if [[ $(podman image inspect "$id" --format '{{len .RepoTags}}' 2>/dev/null) == 0 ]]; then
        podman rmi "$id" >/dev/null 2>&1 || true
      fi
    done
  fi
  cp "$WORK/layers" "$LAYERS"
else
  tail -30 "$WORK/build.log"
  abort "podman build (log above)"
fi

# (c) A real PostgreSQL on the host, on a free port (the app's own embedded server, data in $WORK).
cat >"$WORK/pg.mts" <<EOF
import { startEmbeddedPostgres } from "$ROOT/db/embedded.ts";
const pg = await startEmbeddedPostgres({ dir: "$WORK/pg", log: (m) => console.error("[pg]", m) });
console.log("URL=" + pg.url);
const stop = async () => { await pg.stop(); process.exit(0); };
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
setInterval(() => {}, 1 << 30);
EOF
node --import tsx "$WORK/pg.mts" >"$WORK/pg.out" 2>"$WORK/pg.log" &
PG_PID=$!
for _ in $(seq 120); do
  grep -q '^URL=' "$WORK/pg.out" 2>/dev/null && break
  kill -0 "$PG_PID" 2>/dev/null || break
  sleep 0.5
done
DATABASE_URL=$(sed -n 's/^URL=//p' "$WORK/pg.out")
[[ -n $DATABASE_URL ]] || { cat "$WORK/pg.log" >&2; abort "host PostgreSQL did not start"; }
log "host PostgreSQL at ${DATABASE_URL##*@}"

PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
BASE_URL=http://127.0.0.1:$PORT
cat >"$WORK/env.list" <<EOF
DATABASE_URL=$DATABASE_URL
SESSION_SECRET=$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')
PORT=$PORT
APP_URL=$BASE_URL
EOF

# (d) The release command (migrations and module content), then the server.
t0=$(now_ms)
if "${RUN[@]}" --rm --name "$NAME-migrate" --env-file "$WORK/env.list" "$IMAGE" \
  node --import tsx scripts/db-migrate.ts >"$WORK/migrate.log" 2>&1; then
  pass "release command (db-migrate.ts) exit 0 in $((($(now_ms) - t0) / 1000)) s"
else
  tail -20 "$WORK/migrate.log"
  fail "release command (db-migrate.ts) failed"
fi

t0=$(now_ms)
"${RUN[@]}" -d --name "$NAME" --env-file "$WORK/env.list" "$IMAGE" >/dev/null 2>"$WORK/run.err" ||
  { cat "$WORK/run.err"; abort "podman run"; }
up=""
for _ in $(seq 300); do
  if curl -fsS -o /dev/null --max-time 2 "$BASE_URL/health" 2>/dev/null; then up=1; break; fi
  [[ $(podman inspect "$NAME" --format '{{.State.Running}}') == true ]] || break
  sleep 0.2
done
if [[ -n $up ]]; then
  pass "server container: /health 200 after $(($(now_ms) - t0)) ms"
else
  podman logs "$NAME" 2>&1 | tail -30
  abort "server container: no /health"
fi

# (e) One real request per module, through the container. Node's fetch; one line per check.
cat >"$WORK/smoke.mjs" <<'EOF'
const base = process.env.BASE_URL;
let passed = 0, failed = 0;
const line = (ok, what, detail) => {
  ok ? passed++ : failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${what}: ${detail}`);
};
async function req(path, { method, json, token, cookie, form } = {}) {
  const headers = { Origin: base };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (cookie) headers.Cookie = cookie;
  let body;
  if (json !== undefined) { headers["Content-Type"] = "application/json"; body = JSON.stringify(json); }
  if (form) { headers["Content-Type"] = "application/x-www-form-urlencoded"; body = new URLSearchParams(form); }
  const t0 = performance.now();
  const res = await fetch(base + path, { method: method ?? (body ? "POST" : "GET"), headers, body, redirect: "manual" });
  const text = await res.text();
  let data;
  try { data = JSON.parse(text); } catch { data = undefined; }
  return { res, status: res.status, text, data, ms: Math.round(performance.now() - t0) };
}
/** One check: the request, the status wanted and a test of the body that returns a detail or throws. */
async function check(what, wanted, make, inspect) {
  try {
    const r = await make();
    if (r.status !== wanted) return line(false, what, `status ${r.status}, wanted ${wanted}: ${r.text.slice(0, 300)}`), r;
    line(true, what, `${r.status} ${inspect(r)} (${r.ms} ms)`);
    return r;
  } catch (error) {
    line(false, what, String(error?.message ?? error));
    return undefined;
  }
}
const must = (cond, message) => { if (!cond) throw new Error(message); };

await check("GET /api/health", 200, () => req("/api/health"), ({ data }) => {
  const { database, queue } = data.checks;
  must(data.status === "healthy" && database.status === "ok" && queue.status === "ok", JSON.stringify(data));
  return `status=${data.status} database=${database.status} queue=${queue.status}`;
});

const email = `smoke-${Date.now()}@example.test`;
let cookie;
await check("POST /signup (form, Origin)", 302, () => req("/signup", { form: { email, displayName: "Smoke Test", password: "smoke-test-password-1" } }), ({ res }) => {
  cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => /^praxis_session=./.test(c));
  must(cookie, "no session cookie");
  return `Location ${res.headers.get("location")}, session cookie set`;
});
let token;
await check("POST /api/tokens", 201, () => req("/api/tokens", { cookie, json: { name: "container smoke" } }), ({ data }) => {
  token = data.token;
  must(typeof token === "string" && token.length > 20, "no token");
  return `token ${data.name ?? ""} (${token.length} chars)`;
});
let userId;
await check("GET /api/me (token)", 200, () => req("/api/me", { token }), ({ data }) => {
  userId = data.user?.id;
  must(data.user?.email === email, `user ${JSON.stringify(data.user)}`);
  return `${data.user.email} via ${data.authenticatedBy}`;
});

// typing
let typingSession, snippet;
await check("typing: POST /api/typing/sessions", 201, () => req("/api/typing/sessions", { token, json: { mode: "words" } }), ({ data }) => {
  typingSession = data.session?.id;
  must(typingSession, "no session id");
  return `session ${typingSession}`;
});
await check("typing: GET /api/snippets/next", 200, () => req("/api/snippets/next?mode=words&count=3", { token }), ({ data }) => {
  snippet = data.snippets?.[0];
  must(data.snippets?.length === 3 && snippet.text, `snippets ${JSON.stringify(data.snippets)}`);
  return `policy=${data.policy}, first "${snippet.text.slice(0, 30)}"`;
});
const keystrokes = [...(snippet?.text ?? "")].map((c, i) => ({ key: c, expected: c, t: (i + 1) * 200, correct: true }));
const telemetry = await check("typing: POST /api/telemetry/snippet", 201, () => req("/api/telemetry/snippet", {
  token,
  json: {
    snippet: { snippet_id: snippet?.id, session_id: typingSession, wpm: 60, accuracy: 1, position: 0, difficulty: snippet?.difficulty ?? 3,
      started_at: new Date(Date.now() - 20_000).toISOString(), completed_at: new Date().toISOString() },
    user_state: { user_id: userId },
    keystrokes,
  },
}), ({ data }) => {
  must(data.status === "ok" && data.enqueued === true, JSON.stringify(data));
  return `status=${data.status} enqueued=${data.enqueued} job ${data.job_id}`;
});
// The pg-boss worker in the container enriches it: the session summary shows the snippet.
await check("typing: enrichment job ran (GET /api/typing/sessions)", 200, async () => {
  let r;
  for (let i = 0; i < 50; i++) {
    r = await req("/api/typing/sessions", { token });
    if (r.data?.sessions?.[0]?.snippetsCompleted === 1) break;
    await new Promise((f) => setTimeout(f, 200));
  }
  return r;
}, ({ data }) => {
  must(telemetry && data.sessions[0].snippetsCompleted === 1, `sessions ${JSON.stringify(data.sessions)}`);
  return `snippetsCompleted=1 wpm=${data.sessions[0].wpm}`;
});

// recs (library)
await check("recs: GET /api/recommend/:userId", 200, () => req(`/api/recommend/${userId}?k=5`, { token }), ({ data }) => {
  must(data.items?.length > 0 && data.items[0].reason, `items ${JSON.stringify(data.items)}`);
  return `model=${data.model}, ${data.items.length} items, first "${data.items[0].title ?? data.items[0].content_id}"`;
});

// climb
await check("climb: PUT /api/v1/climb/baseline", 200, () => req("/api/v1/climb/baseline", {
  method: "PUT", token,
  json: { experience_years: 2, boulder_scale: "v", max_boulder_grade: "V4", days_per_week: 3, minutes_per_session: 90, timezone: "UTC" },
}), ({ data }) => {
  must(data.max_boulder_v === 4, JSON.stringify(data));
  return `max_boulder_v=${data.max_boulder_v}`;
});
await check("climb: POST /api/v1/recommendations/generate", 200, () => req("/api/v1/recommendations/generate", {
  token, json: { sleep_hours: 7.5, energy_level: 4, stress_level: 2 },
}), ({ data }) => {
  const advice = data.recommendations?.recommendation;
  must(advice?.session_type, JSON.stringify(data).slice(0, 300));
  return `advice ${advice.session_type}`;
});

// stories: the shipped model in-process, streamed
await check("stories: POST /api/stories (SSE, local model)", 200, () => req("/api/stories", {
  token, json: { prompt: "Once upon a time, a little fox", maxTokens: 40, seed: 7 },
}), ({ res, text }) => {
  must(res.headers.get("content-type")?.startsWith("text/event-stream"), `content-type ${res.headers.get("content-type")}`);
  const events = [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map(([, event, data]) => ({ event, data: JSON.parse(data) }));
  const tokens = events.filter((e) => e.event === "token").length;
  const done = events.find((e) => e.event === "done")?.data.story;
  must(tokens > 0 && done, `events ${events.map((e) => e.event).join(",")}: ${text.slice(-300)}`);
  return `${tokens} token events, provider=${done.provider}, ${done.stats?.newTokens} tokens, "${done.text.slice(0, 50).replace(/\s+/g, " ")}..."`;
});

// learn
await check("learn: PUT /api/v1/learn/profile", 200, () => req("/api/v1/learn/profile", { method: "PUT", token, json: { cefr_level: "A1" } }), ({ data }) => {
  must(data.profile?.cefr_level === "A1", JSON.stringify(data));
  return `cefr_level=${data.profile.cefr_level}`;
});
let word;
await check("learn: GET /api/v1/progress/queue", 200, () => req("/api/v1/progress/queue?limit=3", { token }), ({ data }) => {
  word = data.items?.[0];
  must(word?.french && word.word_id, JSON.stringify(data).slice(0, 300));
  return `${data.items.length} items, first "${word.french}" = "${word.english}"`;
});
await check("learn: POST /api/v1/progress/review", 201, () => req("/api/v1/progress/review", { token, json: { word_id: word?.word_id, rating: 3 } }), ({ data }) => {
  must(data.card?.state, JSON.stringify(data).slice(0, 300));
  return `card state=${data.card.state}`;
});

// Today and the home page
await check("today: GET /api/today", 200, () => req("/api/today", { token }), ({ data }) => {
  // What the smoke user already did today moves from items to done.
  const modules = [...new Set([...data.items, ...data.done].map((i) => i.module))];
  must(modules.length === 5, JSON.stringify(data).slice(0, 300));
  return `${data.items.length} to do, ${data.done.length} done, modules ${modules.join(",")}`;
});
await check("GET / (cookie)", 200, () => req("/", { cookie }), ({ res, text }) => {
  must(res.headers.get("content-type")?.startsWith("text/html") && text.includes("Today"), `content-type ${res.headers.get("content-type")}`);
  return `text/html, ${text.length} B, has "Today"`;
});
await check("GET /api/openapi.json", 200, () => req("/api/openapi.json"), ({ data }) => `OpenAPI ${data.openapi}, ${Object.keys(data.paths).length} paths`);

console.log(`COUNTS ${passed} ${failed}`);
EOF
BASE_URL=$BASE_URL node "$WORK/smoke.mjs" | tee "$WORK/smoke.out" | grep -v '^COUNTS ' || true
read -r _ p f < <(grep '^COUNTS ' "$WORK/smoke.out" || echo "COUNTS 0 1")
PASSED=$((PASSED + p))
FAILED=$((FAILED + f))

mem=$(podman stats --no-stream --format '{{.MemUsage}}' "$NAME" 2>/dev/null || echo unknown)
rss=$(podman exec "$NAME" sh -c "grep VmRSS /proc/1/status" 2>/dev/null | awk '{printf "%d MB", $2 / 1024}' || true)
log "memory after the requests: $mem (podman stats, page cache included), server RSS ${rss:-unknown}"

# (f) SIGTERM: the server drains and exits 0.
t0=$(now_ms)
podman stop -t 15 "$NAME" >/dev/null 2>&1 || true
code=$(podman inspect "$NAME" --format '{{.State.ExitCode}}')
if [[ $code == 0 ]]; then
  pass "podman stop (SIGTERM): exit code 0 after $(($(now_ms) - t0)) ms"
else
  podman logs "$NAME" 2>&1 | tail -20
  fail "podman stop (SIGTERM): exit code $code"
fi
if [[ $FAILED != 0 ]]; then
  podman logs "$NAME" >/tmp/praxis-container-smoke.log 2>&1 || true
  echo "-- server warnings and errors (full log: /tmp/praxis-container-smoke.log):"
  grep -v '"level":30' /tmp/praxis-container-smoke.log | tail -40 || true
fi

finish
