// Drives kinko serve's REST API with ccxt's unchanged coincheck class, as a trader's bot would.
// Usage: node rest-client.mjs <port>, with MAKER_KEY, MAKER_SECRET, TAKER_KEY, TAKER_SECRET in the
// environment (the maker holds BTC and JPY, the taker JPY). Prints one JSON line with what ccxt
// returned at each step (its unified structures, as a ccxt user sees them), for
// CcxtRestTests to check. Exits 1 with {"error": ...} on an unexpected failure.
import ccxt from 'ccxt';

const port = process.argv[2];
const rest = `http://127.0.0.1:${port}/api`;
const client = (apiKey, secret, extra = {}) =>
  new ccxt.coincheck({ apiKey, secret, urls: { api: { rest } }, rateLimit: 50, ...extra });
const maker = client(process.env.MAKER_KEY, process.env.MAKER_SECRET);
const taker = client(process.env.TAKER_KEY, process.env.TAKER_SECRET);
const symbol = 'BTC/JPY';
const out = {};
const errorOf = async (call) => {
  try {
    await call();
    return null;
  } catch (error) {
    return { name: error.constructor.name, message: String(error.message) };
  }
};

try {
  out.markets = Object.keys(await taker.loadMarkets());
  out.status = await taker.fetchStatus();

  const ask = await maker.createOrder(symbol, 'limit', 'sell', 0.01, 5_000_000);
  const bid = await maker.createOrder(symbol, 'limit', 'buy', 0.01, 4_800_000);
  out.placed = { ask: ask.id, bid: bid.id };
  out.orderBook = await maker.fetchOrderBook(symbol);
  out.makerOpenBefore = await maker.fetchOpenOrders(symbol);

  out.marketBuy = await taker.createOrder(symbol, 'market', 'buy', 0, undefined, { market_buy_amount: 10000 });
  out.limitBuy = await taker.createOrder(symbol, 'limit', 'buy', 0.002, 5_000_000);
  out.marketSell = await taker.createOrder(symbol, 'market', 'sell', 0.001);
  out.bareMarketBuy = await errorOf(() => taker.createOrder(symbol, 'market', 'buy', 0.001));

  out.ticker = await taker.fetchTicker(symbol);
  out.trades = await taker.fetchTrades(symbol);
  out.cancelled = await maker.cancelOrder(bid.id, symbol);
  out.makerOpenAfter = await maker.fetchOpenOrders(symbol);
  out.myTrades = await taker.fetchMyTrades(symbol);
  out.balance = await taker.fetchBalance();
  out.fees = await taker.fetchTradingFees();
  out.deposits = await taker.fetchDeposits();
  out.withdrawals = await taker.fetchWithdrawals();

  out.wrongSecret = await errorOf(() => client(process.env.TAKER_KEY, 'not-the-secret').fetchBalance());
  const stale = client(process.env.TAKER_KEY, process.env.TAKER_SECRET, { nonce: () => 1_000 });
  out.replayedNonce = await errorOf(() => stale.fetchBalance());

  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
} catch (error) {
  process.stdout.write(JSON.stringify({ error: String((error && error.stack) || error), partial: out }) + '\n');
  process.exit(1);
}
