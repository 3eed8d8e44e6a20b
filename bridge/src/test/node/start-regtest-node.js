'use strict';

// Starts one bcoin regtest full node for Skywave's integration tests: chain, mempool and
// wallet in memory, P2P/RPC/wallet servers on 127.0.0.1 only, and every outward discovery
// (DNS seeds, external-address lookup over DNS, UPnP) switched off, so the node makes no
// traffic beyond loopback. Facts behind each option: /work/shared/specs/bitcoin-regtest.md.
//
// Usage: node start-regtest-node.js --p2p-port N --rpc-port N --wallet-port N --api-key KEY [--prefix DIR] [--persist true]
//        [--getdata-delay-ms N]
// Prints one line "SKYWAVE-REGTEST-READY {json}" on stdout once every server listens.

const path = require('path');
const os = require('os');

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = argv[i + 1];
    if (!name || !name.startsWith('--') || value === undefined)
      throw new Error(`expected --name value pairs, got '${argv.slice(i).join(' ')}'`);
    args[name.substring(2)] = value;
  }
  for (const required of ['p2p-port', 'rpc-port', 'wallet-port', 'api-key']) {
    if (!args[required])
      throw new Error(`missing --${required}`);
  }
  return args;
}

function port(args, name) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw new Error(`--${name} must be a port in 1..65535 (got '${args[name]}')`);
  return value;
}

async function main() {
  let bcoin;
  try {
    bcoin = require('bcoin');
  } catch (e) {
    console.error('bcoin is not installed: run .ci/install-bcoin.sh from the repository root '
      + '(npm ci in bridge/src/test/node): ' + e.message);
    process.exit(3);
  }

  const args = parseArgs(process.argv.slice(2));
  const p2pPort = port(args, 'p2p-port');
  const rpcPort = port(args, 'rpc-port');
  const walletPort = port(args, 'wallet-port');

  const node = new bcoin.FullNode({
    network: 'regtest',
    // --persist true keeps the chain in leveldb under the prefix, so a restarted node still has it.
    memory: args.persist !== 'true',
    // The wallet is for making test transactions only: in memory always, never under ~/.bcoin.
    walletMemory: true,
    prefix: args.prefix || path.join(os.tmpdir(), `skywave-bcoin-${p2pPort}`),
    workers: false,
    logLevel: args['log-level'] || 'info',
    logConsole: true,
    listen: true,
    host: '127.0.0.1',
    port: p2pPort,
    publicHost: '127.0.0.1',
    publicPort: p2pPort,
    // No hosts to dial: no DNS seeds, no configured nodes. bcoin asserts maxOutbound > 0.
    seeds: [],
    nodes: [],
    maxOutbound: 1,
    upnp: false,
    bip37: args.bip37 === 'true',
    httpHost: '127.0.0.1',
    httpPort: rpcPort,
    apiKey: args['api-key'],
    walletHttpHost: '127.0.0.1',
    walletHttpPort: walletPort,
    walletApiKey: args['api-key'],
    plugins: [bcoin.wallet.plugin]
  });

  // bcoin asks public DNS resolvers for its external address whenever it listens without a
  // routable local address, and polls UPnP and DNS seeds on a timer; none of that may run here.
  const pool = node.pool;
  pool.discoverExternal = async () => {};
  pool.discoverGateway = async () => {};
  pool.discoverSeeds = async () => {};
  pool.hosts.discoverSeeds = async () => {};
  pool.hosts.dnsSeeds = [];

  // --getdata-delay-ms N: ask inbound peers for announced transactions N ms late, as Bitcoin Core
  // does (it delays requests to inbound peers by 2 s), where bcoin asks at once.
  const getdataDelay = Number(args['getdata-delay-ms'] || 0);
  if (!Number.isInteger(getdataDelay) || getdataDelay < 0)
    throw new Error(`--getdata-delay-ms must be a whole number of milliseconds (got '${args['getdata-delay-ms']}')`);
  if (getdataDelay > 0) {
    const ensureTX = pool.ensureTX.bind(pool);
    pool.ensureTX = (peer, hashes) => {
      if (peer.outbound)
        return ensureTX(peer, hashes);
      setTimeout(() => {
        if (!peer.destroyed)
          ensureTX(peer, hashes);
      }, getdataDelay);
    };
  }

  node.on('error', (err) => console.error('node error:', err && err.stack ? err.stack : err));

  await node.ensure();
  await node.open();
  await node.connect();
  node.startSync();

  const ready = { p2pPort, rpcPort, walletPort, pid: process.pid, height: node.chain.height };
  console.log('SKYWAVE-REGTEST-READY ' + JSON.stringify(ready));

  const stop = async (signal) => {
    console.log(`stopping on ${signal}`);
    try {
      await node.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // The test harness closes our stdin when it goes away: never outlive it.
  process.stdin.on('end', () => stop('stdin closed'));
  process.stdin.resume();
}

main().catch((err) => {
  console.error('regtest node failed to start:', err && err.stack ? err.stack : err);
  process.exit(2);
});
