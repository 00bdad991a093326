// Watches kinko serve's public WebSocket with ccxt's unchanged pro coincheck class.
// Usage: node ws-watch.mjs <port>. Talks to its caller (WebSocketCcxtTests) in JSON lines:
//   prints {"step":"ready"} once both subscriptions are live, waits for "go" lines on stdin
//   between steps, and prints what ccxt parsed: the order book with the resting ask, then the trade.
import ccxt from 'ccxt';
import readline from 'node:readline';

const port = process.argv[2];
const exchange = new ccxt.pro.coincheck({
  urls: { api: { rest: `http://127.0.0.1:${port}/api`, ws: `ws://127.0.0.1:${port}/ws` } },
});
const say = (line) => process.stdout.write(JSON.stringify(line) + '\n');
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const waitForGo = async () => { await lines.next(); };
setTimeout(() => { say({ step: 'timeout' }); process.exit(2); }, 60_000).unref();

try {
  // ccxt under Node refuses a plain ws:// URL until its http agent is loaded (not needed for wss://).
  await exchange.loadHttpProxyAgent();
  // Trades first: the server handles one connection's messages in order, so once the order-book
  // snapshot has arrived, the trades subscription is live as well.
  const trades = exchange.watchTrades('BTC/JPY');
  let book = await exchange.watchOrderBook('BTC/JPY');
  say({ step: 'ready', bids: book.bids, asks: book.asks });

  await waitForGo(); // a sell rests at 5,000,000
  while (!book.asks.some(([price]) => price === 5_000_000)) {
    book = await exchange.watchOrderBook('BTC/JPY');
  }
  say({ step: 'book', bids: book.bids, asks: book.asks, nonce: book.nonce ?? null });

  await waitForGo(); // a buy crosses it
  const seen = await trades;
  say({ step: 'trades', trades: seen.map((t) => ({ id: t.id, symbol: t.symbol, side: t.side, price: t.price, amount: t.amount, timestamp: t.timestamp })) });
  await exchange.close();
  process.exit(0);
} catch (error) {
  say({ step: 'error', error: String(error && error.stack || error) });
  process.exit(1);
}
