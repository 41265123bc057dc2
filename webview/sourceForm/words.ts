/** The form's strings that name what it sets up; every other string is a plain `t(...)` where it shows. */
import type { SourceFormState } from '../../src/protocol/sourceForm';
import { t } from '../ui';

export interface Words {
  readonly displayName: string;
  readonly displayNameHelp: string;
  readonly create: string;
  readonly checking: string;
  readonly configured: string;
  readonly unavailable: string;
  readonly credentialRetype: string;
}

function sourceWords(): Words {
  return {
    displayName: t('Display name'),
    displayNameHelp: t('How this source appears in Stitch. You can rename it later.'),
    create: t('Create Source'),
    checking: t('Checking connection…'),
    configured: t('This source is fully configured.'),
    unavailable: t('This source type can’t be set up through the API.'),
    credentialRetype: t('Credentials are never kept: retype them before retrying.'),
  };
}

function destinationWords(): Words {
  return {
    displayName: t('Destination name'),
    displayNameHelp: t('How this destination appears in Stitch. You can rename it later.'),
    create: t('Create Destination'),
    checking: t('Stitch is checking the connection to this destination…'),
    configured: t('This destination passed its connection check: sources can load into it.'),
    unavailable: t('This destination type can’t be set up through the API.'),
    credentialRetype: t('Credentials are never kept: retype the password before retrying.'),
  };
}

export const words = (s: Pick<SourceFormState, 'subject'>): Words => (s.subject === 'destination' ? destinationWords() : sourceWords());
