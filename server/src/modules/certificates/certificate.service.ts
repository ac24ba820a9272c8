import type { EntityManager } from '@mikro-orm/postgresql';
import { BestPractice, Material } from '../materials/material.entity.ts';
import { type ExpertLevel, MaterialStatus } from '../materials/material.enums.ts';
import { MaterialService } from '../materials/material.service.ts';

export interface CertificateData {
  number: string;
  /** The material's global id: the verification page links to it. */
  materialId: string;
  valid: boolean;
  title: string;
  kind: string;
  authors: Array<{ fullName: string; position?: string }>;
  organization?: string;
  municipality?: string;
  publishedAt?: Date;
  /** A practice's recommendation level, set at publication. */
  expertLevel?: ExpertLevel;
}

/** The registration number is public: looking it up tells whether a certificate is valid and what it certifies. */
export async function findCertificate(em: EntityManager, number: string): Promise<CertificateData | null> {
  if (!/^[\p{L}\d-]{5,40}$/u.test(number)) return null;
  const material = await em.findOne(Material, { registrationNumber: number }, { populate: ['organization'] });
  if (!material) return null;
  const authors = await new MaterialService(em, null).authors(material);
  const organization = material.organization?.getEntity();
  return {
    number,
    materialId: material.globalId,
    // Archived (withdrawn) or taken back to work: the certificate no longer stands.
    valid: material.status === MaterialStatus.PUBLISHED,
    title: material.title,
    kind: material.kind,
    authors: authors.map((a) => ({ fullName: a.fullName, position: a.position })),
    organization: organization?.name,
    municipality: organization?.municipality,
    publishedAt: material.publishedAt,
    expertLevel: material instanceof BestPractice ? (material as BestPractice).expertLevel : undefined,
  };
}
