import { MetadataStorage } from '@mikro-orm/core';

// Jest gives each test file its own globals (Map included); metadata discovered under another realm's Map
// would be cloned wrongly, so every file discovers its entities afresh.
MetadataStorage.clear();
