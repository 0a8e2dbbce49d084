import type { INodeExecutionData } from 'n8n-workflow';

import type { RequestLogEntry } from '../../sandbox';
import type { Sandbox } from './sandbox';
import type { NodeRun } from './runNode';

/** What a fault-injection run did, counted from the node's output and the sandbox's store. */
export interface Tally {
	itemsIn: number;
	itemsOut: number;
	successes: number;
	failures: number;
	/** Records the sandbox stored, and how many of them repeat a learning object already stored. */
	stored: number;
	duplicates: number;
	/** Output items in input order (both outputs merged by pairedItem). */
	ordered: INodeExecutionData[];
}

export function tally(run: NodeRun, sandbox: Sandbox, itemsIn: number): Tally {
	const ordered = [...run.output, ...run.errorOutput].sort(
		(a, b) => pairedIndex(a) - pairedIndex(b),
	);
	const references = sandbox
		.completions()
		.map((record) => record.learning_object_external_reference);
	const failures = ordered.filter((item) => item.json.error !== undefined).length;
	return {
		itemsIn,
		itemsOut: ordered.length,
		successes: ordered.length - failures,
		failures,
		stored: references.length,
		duplicates: references.length - new Set(references).size,
		ordered,
	};
}

export function pairedIndex(item: INodeExecutionData): number {
	const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	return typeof paired === 'object' ? paired.item : Number(paired);
}

/** Every way the API key could leak: as is, as Basic credentials, or as the header. */
export function secretsIn(text: string, apiKey: string): string[] {
	const forms = [apiKey, Buffer.from(`${apiKey}:`).toString('base64'), 'Basic '];
	return forms.filter((form) => text.includes(form));
}

/** The most requests the sandbox was working on at the same moment. */
export function maxInFlight(requests: RequestLogEntry[]): number {
	const events = requests.flatMap((request) => [
		{ at: request.receivedAt, delta: 1 },
		{ at: request.finishedAt ?? request.receivedAt, delta: -1 },
	]);
	events.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let current = 0;
	let max = 0;
	for (const event of events) {
		current += event.delta;
		max = Math.max(max, current);
	}
	return max;
}
