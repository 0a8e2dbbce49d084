import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Delivery } from '../transport';
import { stackOneGetPages } from '../transport/paging';
import type { CompletionBody } from './interfaces';
import { instant, recordsCompletion } from './completionMatch';
import { userCompletionsPath } from './completionPaths';

/**
 * What a user already has recorded, for Options > Skip Existing. Each user's completions are
 * listed once per execution (all pages), and completions this execution creates are added, so
 * two identical items of one run create one completion.
 */
export class ExistingCompletions {
	private readonly listings = new Map<string, Promise<IDataObject[]>>();

	/** Creates under way or done in this execution, by what they record. */
	private readonly created = new Map<string, Promise<IDataObject>>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly delivery: Delivery,
	) {}

	/**
	 * The completion already recorded for this body (same learning object, and the same
	 * `completed_at` when the body has one), or what `create` makes when there is none.
	 */
	async findOrCreate(
		userId: string,
		body: CompletionBody,
		accountId: string | undefined,
		itemIndex: number,
		create: () => Promise<IDataObject>,
	): Promise<{ existing?: IDataObject; created?: IDataObject }> {
		const key = [
			accountId ?? '',
			userId,
			body.learning_object_external_reference,
			instant(body.completed_at) ?? '',
		].join('\u0000');
		const earlier = this.created.get(key);
		if (earlier) {
			try {
				return { existing: await earlier };
			} catch {
				// The earlier identical item failed: this one tries on its own.
			}
		}
		const pending = (async () => {
			const records = await this.listing(userId, accountId, itemIndex);
			const found = records.find((record) => recordsCompletion(record, body));
			if (found) return { existing: found };
			return { created: await create() };
		})();
		// Later identical items see what this one found or made: a record with its id.
		const record = pending.then(
			({ existing, created }) => existing ?? ((created?.data ?? {}) as IDataObject),
		);
		// Only a later identical item awaits this; without one, its failure must not go unhandled.
		record.catch(() => {});
		this.created.set(key, record);
		return await pending;
	}

	private async listing(
		userId: string,
		accountId: string | undefined,
		itemIndex: number,
	): Promise<IDataObject[]> {
		const key = `${accountId ?? ''}\u0000${userId}`;
		let listing = this.listings.get(key);
		if (!listing) {
			listing = stackOneGetPages
				.call(
					this.context,
					this.credentials,
					{ path: userCompletionsPath(userId), accountId },
					this.delivery,
				)
				.then(({ records }) => records);
			this.listings.set(key, listing);
		}
		try {
			return await listing;
		} catch (error) {
			throw new NodeOperationError(
				this.context.getNode(),
				`[item ${itemIndex}] Could not read the user's completions to skip existing ones: ${(error as Error).message}`,
				{ itemIndex, description: (error as { description?: string }).description ?? undefined },
			);
		}
	}
}
