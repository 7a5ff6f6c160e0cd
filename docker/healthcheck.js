// The container's HEALTHCHECK: GET /health/live on the port of the app this container runs.
// (The slim image has no curl; Node 20 has fetch.)
const ports = {
  ingest: process.env.INGEST_PORT || 3001,
  console: process.env.CONSOLE_PORT || 3000,
  dispatcher: process.env.DISPATCHER_PORT || 3002,
};
const port = ports[process.env.APP];
if (!port) {
  console.error(`unknown APP "${process.env.APP}"`);
  process.exit(1);
}
fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(4000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
