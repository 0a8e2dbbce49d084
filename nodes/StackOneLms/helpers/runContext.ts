import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import type { Delivery } from '../transport';
import { openDelivery } from '../transport';
import { inFlightTarget } from '../transport/inFlightTarget';
import { ExistingRecords } from './existingRecords';
import type { RunOptions } from './itemParameters';
import { readRunOptions } from './itemParameters';
import { RecordReadBack } from './recordReadBack';
import type { SendOptions } from './sendEachItem';
import { UserDirectory } from './userDirectory';

/** What all items of one execution share: options, the rate limiter, and lookup caches. */
export interface RunContext {
	credentials: ICredentialDataDecryptedObject;
	options: RunOptions;
	send: SendOptions;
	delivery: Delivery;
	users: UserDirectory;
	existing: ExistingRecords;
	readBack: RecordReadBack;
}

/**
 * Runs `work` with the execution's RunContext, and lets go of its share of the key's limiter when
 * the work is done or has failed.
 */
export async function withRunContext(
	this: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
	work: (run: RunContext) => Promise<INodeExecutionData[]>,
): Promise<INodeExecutionData[]> {
	const run = createRunContext.call(this, credentials);
	try {
		return await work(run);
	} finally {
		run.delivery.release();
	}
}

function createRunContext(
	this: IExecuteFunctions,
	credentials: ICredentialDataDecryptedObject,
): RunContext {
	const options = readRunOptions.call(this);
	const delivery = openDelivery(credentials, options.delivery);
	return {
		credentials,
		options,
		send: sendOptionsFor(options, delivery),
		delivery,
		users: new UserDirectory(this, credentials, delivery),
		existing: new ExistingRecords(this, credentials, delivery),
		readBack: new RecordReadBack(this, credentials, delivery),
	};
}

/** With a Batch Interval, batches of this many when Batch Size is automatic (the old default). */
const AUTOMATIC_BATCH_SIZE = 10;

/** How often an automatic Batch Size looks again at the rate and the answer times. */
const RECHECK_MS = 100;

function sendOptionsFor({ batchSize, batchInterval }: RunOptions, delivery: Delivery): SendOptions {
	if (batchSize > 0) return { inFlight: () => batchSize, recheckMs: 0, batchSize, batchInterval };
	return {
		inFlight: () => inFlightTarget(delivery),
		recheckMs: RECHECK_MS,
		batchSize: AUTOMATIC_BATCH_SIZE,
		batchInterval,
	};
}
