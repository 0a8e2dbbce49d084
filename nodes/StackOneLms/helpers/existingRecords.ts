import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Delivery } from '../transport';
import { stackOneGetPages } from '../transport/paging';
import type { UserRecordKind } from './userRecordKinds';

/**
 * What a user already has, for Options > Skip Existing. Each user's records of a kind are listed
 * once per execution (all pages), and records this execution creates are added, so two identical
 * items of one run create one record.
 */
export class ExistingRecords {
	private readonly listings = new Map<string, Promise<IDataObject[]>>();

	/** Creates under way or done in this execution, by what they record. */
	private readonly created = new Map<string, Promise<IDataObject>>();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly delivery: Delivery,
	) {}

	/** The record the user already has that records what `body` does, or what `create` makes. */
	async findOrCreate<Body extends IDataObject>(
		kind: UserRecordKind<Body>,
		userId: string,
		body: Body,
		accountId: string | undefined,
		itemIndex: number,
		create: () => Promise<IDataObject>,
	): Promise<{ existing?: IDataObject; created?: IDataObject }> {
		const key = [kind.noun, accountId ?? '', userId, kind.identity(body)].join('\u0000');
		const earlier = this.created.get(key);
		if (earlier) {
			try {
				return { existing: await earlier };
			} catch {
				// The earlier identical item failed: this one tries on its own.
			}
		}
		const pending = (async () => {
			const records = await this.listing(kind, userId, accountId, itemIndex);
			const found = records.find((record) => kind.matches(record, body));
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

	private async listing<Body extends IDataObject>(
		kind: UserRecordKind<Body>,
		userId: string,
		accountId: string | undefined,
		itemIndex: number,
	): Promise<IDataObject[]> {
		const path = kind.path(userId);
		const key = `${accountId ?? ''}\u0000${path}`;
		let listing = this.listings.get(key);
		if (!listing) {
			listing = stackOneGetPages
				.call(this.context, this.credentials, { path, accountId }, this.delivery)
				.then(({ records }) => records);
			this.listings.set(key, listing);
		}
		try {
			return await listing;
		} catch (error) {
			throw new NodeOperationError(
				this.context.getNode(),
				`[item ${itemIndex}] Could not read the user's ${kind.noun}s to skip existing ones: ${(error as Error).message}`,
				{ itemIndex, description: (error as { description?: string }).description ?? undefined },
			);
		}
	}
}
