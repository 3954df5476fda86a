// The demo shop's products. Ids above 90 do not exist (NotFound), and the product with a
// missing price makes pricing throw a real TypeError (a handler that throws → Unknown).

export interface ProductRecord {
  id: number;
  name: string;
  price?: { cents: number };
}

const NAMES = ['teapot', 'kettle', 'cup', 'saucer', 'whisk', 'tray', 'tin', 'scoop', 'strainer', 'cosy'];

export const PRODUCTS = new Map<number, ProductRecord>();
for (let id = 1; id <= 90; id++) {
  const product: ProductRecord = { id, name: `${NAMES[id % NAMES.length]} no. ${id}` };
  // Product 13 was imported without a price: the bug the demo's thrown exceptions come from.
  if (id !== 13) product.price = { cents: 250 + ((id * 137) % 5000) };
  PRODUCTS.set(id, product);
}

/** Throws TypeError for a product without a price, as unguarded code would. */
export function priceOf(product: ProductRecord): number {
  return (product.price as { cents: number }).cents;
}
