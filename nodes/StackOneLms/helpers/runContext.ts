import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { Delivery } from '../transport';
import { createDelivery } from '../transport';
import { ExistingCompletions } from './existingCompletions';
import type { RunOptions } from './itemParameters';
import { readRunOptions } from './itemParameters';
import { UserDirectory } from './userDirectory';

/** What all items of one execution share: options, the rate limiter, and lookup caches. */
export interface RunContext {
	credentials: ICredentialDataDecryptedObject;
	options: RunOptions;
	delivery: Delivery;
	users: UserDirectory;
	existing: ExistingCompletions;
}

export function createRunContext(
	this: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
): RunContext {
	const options = readRunOptions.call(this);
	const delivery = createDelivery(options.delivery);
	return {
		credentials,
		options,
		delivery,
		users: new UserDirectory(this, credentials, delivery),
		existing: new ExistingCompletions(this, credentials, delivery),
	};
}
