/**
 * The account · region picker of the list pages: filled from /ui/api/partitions, kept in the URL (?account&region),
 * the first partition chosen when the URL names none.
 */
import {getJson} from './api.js';
import {el} from './dom.js';

const partitionKey = (account, region) => `${account}/${region}`;

export class PartitionPicker {
  /**
   * @param {HTMLSelectElement} select
   * @param {() => void} onChange called after the user picks another partition (and the URL says so)
   */
  constructor(select, onChange) {
    this.select = select;
    this.onChange = onChange;
    const query = new URLSearchParams(location.search);
    this.account = query.get('account') || null;
    this.region = query.get('region') || null;
    select.addEventListener('change', () => this.pick());
  }

  /** The query of the current partition, for links to other pages. */
  query() {
    return new URLSearchParams({account: this.account, region: this.region});
  }

  async load() {
    const answer = await getJson('partitions');
    const partitions = answer.partitions || [];
    if (!this.account && partitions.length > 0) {
      this.account = partitions[0].account;
      this.region = partitions[0].region;
      this.writeUrl();
    }
    this.fill(partitions);
  }

  fill(partitions) {
    const known = partitions.map((p) => partitionKey(p.account, p.region));
    const current = this.account ? partitionKey(this.account, this.region) : null;
    const options = [...partitions];
    if (current && !known.includes(current)) {
      options.unshift({account: this.account, region: this.region}); // asked for in the URL, holds nothing yet
    }
    const keys = options.map((p) => partitionKey(p.account, p.region));
    const shown = Array.from(this.select.options, (o) => o.value);
    if (keys.join('\n') !== shown.join('\n')) {
      this.select.replaceChildren(
        ...options.map((p) => el('option', {value: partitionKey(p.account, p.region)}, `${p.account} · ${p.region}`)));
    }
    if (current) {
      this.select.value = current;
    }
    this.select.disabled = options.length === 0;
  }

  writeUrl() {
    const query = new URLSearchParams(location.search);
    query.set('account', this.account);
    query.set('region', this.region);
    history.replaceState(null, '', `${location.pathname}?${query}`);
  }

  pick() {
    const [account, region] = this.select.value.split('/');
    if (account === this.account && region === this.region) {
      return;
    }
    this.account = account;
    this.region = region;
    this.writeUrl();
    this.onChange();
  }
}
