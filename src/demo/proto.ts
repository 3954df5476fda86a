// Loads shop.proto with @grpc/proto-loader into grpc-js service and client definitions.
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

export const SHOP_PROTO = join(import.meta.dirname, 'shop.proto');
export const SHOP_SERVICE = 'kansoku.demo.Shop';

export interface ShopPackage {
  service: grpc.ServiceDefinition;
  Client: grpc.ServiceClientConstructor;
}

export function loadShop(): ShopPackage {
  const definition = loadSync(SHOP_PROTO, { keepCase: false, longs: Number, enums: String, defaults: true });
  const loaded = grpc.loadPackageDefinition(definition) as unknown as {
    kansoku: { demo: { Shop: grpc.ServiceClientConstructor } };
  };
  const Client = loaded.kansoku.demo.Shop;
  return { service: Client.service, Client };
}
