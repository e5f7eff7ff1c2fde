import { getQueueToken } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Queue } from 'bull';

/**
 * The Bull queues of this application: whatever the loaded contexts registered in their own modules
 * (`BullModule.registerQueue` next to their processor, in `libs/<context>/src/queue/`). The jobs
 * endpoint and bull-board know no queue names of their own.
 */
@Injectable()
export class JobQueues {
  private found?: Map<string, Queue>;

  constructor(private readonly discovery: DiscoveryService) {}

  all(): Queue[] {
    return [...this.byName().values()];
  }

  get(name: string): Queue | undefined {
    return this.byName().get(name);
  }

  private byName(): Map<string, Queue> {
    if (!this.found) {
      this.found = new Map();
      for (const wrapper of this.discovery.getProviders()) {
        const queue = wrapper.instance as Queue | undefined;
        // A registered queue is the provider whose token is Bull's token for its own name.
        if (typeof queue?.name === 'string' && wrapper.token === getQueueToken(queue.name)) this.found.set(queue.name, queue);
      }
      this.found = new Map([...this.found].sort(([a], [b]) => a.localeCompare(b)));
    }
    return this.found;
  }
}
