/**
 * The experiments page (the dashboard's front page): every experiment of one account and region with its
 * description, number of runs and last activity, and the runs that belong to no experiment ("Unassigned"); a click
 * opens an experiment's runs. Refreshed every 5 seconds.
 */
import {getJson, signInPending, startPage} from './api.js';
import {el, setData, setText} from './dom.js';
import {formatZonedTime} from './format.js';
import {PartitionPicker} from './partitions.js';

const REFRESH_MS = 5000;

const $ = (id) => document.getElementById(id);
const ui = {
  filter: $('filter'),
  table: $('experiments'),
  tbody: $('experiments').tBodies[0],
  empty: $('empty'),
  noMatch: $('no-match'),
  status: $('status'),
  allRuns: $('all-runs'),
};

const state = {answer: null, generation: 0};
const picker = new PartitionPicker($('partition'), () => {
  state.generation++;
  state.answer = null;
  render();
  refresh();
});

function runsUrl(params) {
  const query = picker.query();
  Object.entries(params).forEach(([k, v]) => query.set(k, v));
  return `/ui/experiment.html?${query}`;
}

function row(cells, dataset, extraClass = '') {
  return el('tr', {class: `experiment ${extraClass}`.trim(), dataset}, ...cells);
}

function experimentRow(experiment) {
  const link = el('a', {class: 'open', href: runsUrl({experiment: experiment.name})}, experiment.displayName
    ?? experiment.name);
  const name = el('td', {class: 'name'}, link);
  if (experiment.displayName && experiment.displayName !== experiment.name) {
    name.append(el('span', {class: 'muted'}, ` ${experiment.name}`));
  }
  const runs = el('td', {class: 'runs num'}, String(experiment.runCount));
  const last = el('td', {class: 'last-activity'}, formatZonedTime(experiment.lastActivity));
  setData(last, 'ms', experiment.lastActivity ?? '');
  return row([name, el('td', {class: 'description'}, experiment.description ?? ''), runs, last,
    el('td', {class: 'created'}, formatZonedTime(experiment.creationTime))], {name: experiment.name});
}

function unassignedRow(unassigned) {
  const link = el('a', {class: 'open', href: runsUrl({unassigned: 'true'})}, 'Unassigned');
  return row([el('td', {class: 'name'}, link),
    el('td', {class: 'description muted'}, 'Runs in no experiment (metrics logged without Run, say)'),
    el('td', {class: 'runs num'}, String(unassigned.runCount)),
    el('td', {class: 'last-activity'}, formatZonedTime(unassigned.lastActivity)), el('td', {})],
  {name: ''}, 'unassigned');
}

let rendered = null;

function render() {
  const answer = state.answer;
  const text = ui.filter.value.trim().toLowerCase();
  const key = JSON.stringify([answer, text, picker.account, picker.region]);
  if (key === rendered) {
    return; // a refresh that changed nothing leaves the rows alone
  }
  rendered = key;
  const experiments = (answer?.experiments ?? []).filter((e) => !text || e.name.toLowerCase().includes(text)
    || (e.displayName ?? '').toLowerCase().includes(text) || (e.description ?? '').toLowerCase().includes(text));
  const rows = experiments.map(experimentRow);
  if (answer?.unassigned?.runCount > 0 && !text) {
    rows.push(unassignedRow(answer.unassigned));
  }
  ui.tbody.replaceChildren(...rows);
  const none = answer != null && (answer.experiments ?? []).length === 0 && !(answer.unassigned?.runCount > 0);
  ui.empty.hidden = !none;
  ui.noMatch.hidden = none || rows.length > 0 || answer == null;
  ui.table.hidden = none;
  ui.allRuns.href = picker.account ? `/ui/trial-components.html?${picker.query()}` : '/ui/trial-components.html';
  if (answer != null) {
    document.body.dataset.ready = 'true';
  }
}

async function refresh() {
  try {
    await picker.load();
    if (!picker.account) {
      state.answer = {experiments: [], unassigned: {runCount: 0}};
      render();
      return;
    }
    const generation = state.generation;
    const answer = await getJson('experiments', {account: picker.account, region: picker.region});
    if (generation !== state.generation) {
      return;
    }
    state.answer = answer;
    setText(ui.status, '');
    ui.status.classList.remove('error');
    render();
  } catch (e) {
    setText(ui.status, `Could not load the experiments: ${e.message} Trying again in a few seconds.`);
    ui.status.classList.add('error');
  }
}

function scheduleRefresh() {
  setTimeout(async () => {
    if (!signInPending() && !document.hidden) {
      await refresh();
    }
    scheduleRefresh();
  }, REFRESH_MS);
}

async function load() {
  ui.filter.addEventListener('input', render);
  await refresh();
  scheduleRefresh();
}

startPage(load);
