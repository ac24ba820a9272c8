// One autocannon run in a process of its own (so the load generator does not share the server's
// event loop): `node bench/load.mjs '<json options>'` prints autocannon's result as JSON.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const result = await autocannon({ ...options, renderProgressBar: false, renderResultsTable: false });
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ ...result, generatorCpuSeconds: (cpu.user + cpu.system) / 1e6 }));
