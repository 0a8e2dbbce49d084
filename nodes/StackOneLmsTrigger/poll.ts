import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeExecutionData,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Delivery } from '../StackOneLms/transport';
import { openDelivery } from '../StackOneLms/transport';
import { CREDENTIAL_TYPE } from '../StackOneLms/transport/interfaces';
import { stackOneGetPages } from '../StackOneLms/transport/paging';
import { DEFAULT_DELIVERY } from '../StackOneLms/transport/retryPolicy';
import { toUtcTimestamp } from '../StackOneLms/helpers/fieldValues';
import type { TriggerEvent } from './events';
import { TRIGGER_EVENTS } from './events';
import type { PollState } from './pollState';
import { advance, readFrom, startingState } from './pollState';

/** The look-back window when the option is not set (see docs/trigger.md, "The look-back window"). */
export const DEFAULT_LOOK_BACK_MINUTES = 15;

/** How far back Fetch Test Event looks for a sample. */
const SAMPLE_DAYS = 30;

interface PollSettings {
	event: TriggerEvent;
	qs: IDataObject;
	accountId?: string;
	windowMs: number;
	startFrom?: number;
}

/**
 * One poll: every record of the event's list changed since the last poll (less the look-back
 * window) that was not emitted before, oldest first; null when there is none. The state moves
 * only after every page was read, so a poll that fails reads the same range again next time.
 */
export async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = readSettings.call(this);
	const credentials = await this.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
	// The limiter every execution of this process on the key shares, so a poll draws no 429 off a sync.
	const delivery = openDelivery(credentials, DEFAULT_DELIVERY);
	try {
		const read = async (from: number) =>
			await readChanged.call(this, credentials, delivery, settings, from);
		const emit =
			this.getMode() === 'manual'
				? await newestSample(read)
				: await pollOnce(this.getWorkflowStaticData('node'), settings, read);
		return emit.length ? [this.helpers.returnJsonArray(emit)] : null;
	} finally {
		delivery.release();
	}
}

async function pollOnce(
	staticData: IDataObject,
	settings: PollSettings,
	read: (from: number) => Promise<IDataObject[]>,
): Promise<IDataObject[]> {
	const scope = JSON.stringify([
		settings.event.value,
		settings.qs,
		settings.accountId ?? '',
		settings.startFrom ?? '',
	]);
	const kept = staticData.state as PollState | undefined;
	// First activation: what is there already counts as emitted, so only what changes from now on is.
	const firstActivation = kept?.scope !== scope && settings.startFrom === undefined;
	let state: PollState;
	if (kept?.scope === scope) state = kept;
	else if (settings.startFrom !== undefined) state = startingState(scope, settings.startFrom);
	else {
		const now = Date.now();
		state = { ...startingState(scope, now), floor: now - settings.windowMs };
	}
	const next = advance(state, await read(readFrom(state, settings.windowMs)), settings.windowMs);
	staticData.state = next.state;
	return firstActivation ? [] : next.emit;
}

/** Fetch Test Event: the newest record changed in the last 30 days; the state is left alone. */
async function newestSample(
	read: (from: number) => Promise<IDataObject[]>,
): Promise<IDataObject[]> {
	const records = await read(Date.now() - SAMPLE_DAYS * 24 * 60 * 60 * 1000);
	const time = (record: IDataObject) => Date.parse(String(record.updated_at ?? '')) || 0;
	const newest = records.reduce<IDataObject | undefined>(
		(best, record) => (!best || time(record) > time(best) ? record : best),
		undefined,
	);
	return newest ? [newest] : [];
}

async function readChanged(
	this: IPollFunctions,
	credentials: ICredentialDataDecryptedObject,
	delivery: Delivery,
	{ event, qs, accountId }: PollSettings,
	from: number,
): Promise<IDataObject[]> {
	const { records } = await stackOneGetPages.call(
		this,
		credentials,
		{
			path: event.path,
			qs: { ...qs, 'filter[updated_after]': new Date(from).toISOString() },
			accountId,
		},
		delivery,
	);
	return records;
}

function readSettings(this: IPollFunctions): PollSettings {
	const value = this.getNodeParameter('event') as string;
	const event = TRIGGER_EVENTS.find((known) => known.value === value);
	if (!event) throw new NodeOperationError(this.getNode(), `The event "${value}" is not supported`);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const filters = (
		event.value === 'assignment' ? this.getNodeParameter('filters', {}) : {}
	) as IDataObject;
	const minutes = Number(options.lookBackMinutes ?? DEFAULT_LOOK_BACK_MINUTES);
	let startFrom: number | undefined;
	try {
		const start = toUtcTimestamp(options.startFrom, 'Start From', this.getTimezone());
		startFrom = start === undefined ? undefined : Date.parse(start);
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			description: 'Pick a date and time, or leave Start From out to start from the activation.',
		});
	}
	const accountId =
		typeof options.accountId === 'string' && options.accountId.trim()
			? options.accountId.trim()
			: undefined;
	return {
		event,
		qs: filters.status ? { 'filter[status]': filters.status } : {},
		accountId,
		windowMs:
			(Number.isFinite(minutes) && minutes >= 0 ? minutes : DEFAULT_LOOK_BACK_MINUTES) * 60 * 1000,
		startFrom,
	};
}
