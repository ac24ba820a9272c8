import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import express from 'express';
import { DomainError } from '../../common/errors.ts';
import { SubscriptionService, UNSUBSCRIBE_PATH } from './subscription.service.ts';

/**
 * `POST /digest/unsubscribe/<secret>`: the one-click unsubscribe of RFC 8058, which mail programs
 * send for a letter's List-Unsubscribe header. A person opening the same link gets the client's
 * page (GET), which does the same through the API.
 */
export function subscriptionRoutes(orm: MikroORM, centreName: string): express.Router {
  const router = express.Router();
  router.post(`${UNSUBSCRIBE_PATH}:token`, async (req, res) => {
    try {
      await new SubscriptionService(orm.em.fork() as EntityManager, undefined, centreName).cancel(req.params.token);
      res.type('text/plain; charset=utf-8').send('Подписка отменена: писем больше не будет');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(404).type('text/plain; charset=utf-8').send(error.message);
    }
  });
  return router;
}
