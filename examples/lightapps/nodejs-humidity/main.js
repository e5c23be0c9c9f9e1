// A simulated humidity sensor: one reading per interval, printed as a JSON line.
// Arguments: --every SECONDS (default 5). Env: SENSOR_ID (default "hygro-1").
const args = process.argv.slice(2);
const at = args.indexOf('--every');
const everyMs = (at >= 0 ? Number(args[at + 1]) : 5) * 1000;
const sensor = process.env.SENSOR_ID ?? 'hygro-1';

let seq = 0;
function read() {
  const percent = 45 + 10 * Math.cos(seq / 8) + (Math.random() - 0.5);
  console.log(JSON.stringify({ sensor, humidity: Math.round(percent * 10) / 10, seq }));
  seq += 1;
}

read();
setInterval(read, everyMs);
process.on('SIGTERM', () => process.exit(0));
