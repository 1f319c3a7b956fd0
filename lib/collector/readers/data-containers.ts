import type { InventoryCollector } from "./types";

export const dataContainerReaders: InventoryCollector[] = [];
