// The invoke panel's script. It only talks to the extension through postMessage; no network, no eval.
(function () {
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const choice = $('choice');
  const payload = $('payload');
  const invoke = $('invoke');
  const cancel = $('cancel');
  const progress = $('progress');
  let choices = [];

  const fmt = (ms) => (ms === undefined ? '—' : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);

  function setRunning(running) {
    invoke.disabled = running;
    cancel.disabled = !running;
    if (!running) progress.textContent = '';
  }

  function showOutcome(outcome) {
    const metrics = $('metrics');
    metrics.textContent = '';
    const rows = [
      [
        'Status',
        `${outcome.statusCode}${outcome.functionError ? ` (function error: ${outcome.functionError})` : ''}`,
      ],
      ['Duration', fmt(outcome.duration)],
      [
        'Billed duration',
        outcome.billedDuration === undefined ? '—' : `${Math.round(outcome.billedDuration)} ms`,
      ],
      [
        'Memory used',
        outcome.memoryUsed === undefined
          ? '—'
          : `${outcome.memoryUsed} MB${outcome.memorySize ? ` of ${outcome.memorySize} MB` : ''}`,
      ],
      ['Init duration', outcome.initDuration === undefined ? 'warm start' : fmt(outcome.initDuration)],
      // How a local run differed from Lambda (another Node.js or Python version, packages missing…).
      ...(outcome.notes ?? []).map((note) => ['Note', note]),
    ];
    for (const [name, value] of rows) {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = value;
      metrics.append(dt, dd);
    }
    let response = outcome.payload;
    try {
      response = JSON.stringify(JSON.parse(outcome.payload), null, 2);
    } catch {
      // not JSON: shown as it came
    }
    $('response').textContent = response;
    $('response').className = outcome.functionError ? 'error' : '';
    $('logs').textContent = outcome.logs;
  }

  choice.addEventListener('change', () => {
    const picked = choices[Number(choice.value)];
    if (picked) payload.value = picked.text;
  });
  invoke.addEventListener('click', () => vscode.postMessage({ type: 'invoke', payload: payload.value }));
  cancel.addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  $('save').addEventListener('click', () => vscode.postMessage({ type: 'save', payload: payload.value }));

  window.addEventListener('message', (event) => {
    const message = event.data;
    switch (message.type) {
      case 'choices': {
        const first = choices.length === 0;
        choices = message.choices;
        choice.textContent = '';
        choices.forEach((c, i) => {
          const option = document.createElement('option');
          option.value = String(i);
          option.textContent = `${c.label} — ${c.description}`;
          choice.append(option);
        });
        if (first && choices[0]) payload.value = choices[0].text;
        break;
      }
      case 'running':
        setRunning(true);
        progress.textContent = 'Invoking…';
        break;
      case 'progress':
        progress.textContent = `Invoking… ${(message.elapsed / 1000).toFixed(0)} s`;
        break;
      case 'result':
        setRunning(false);
        showOutcome(message.outcome);
        break;
      case 'error':
        setRunning(false);
        $('metrics').textContent = '';
        $('response').textContent = message.message;
        $('response').className = 'error';
        $('logs').textContent = '';
        break;
      case 'history': {
        const list = $('history');
        list.textContent = '';
        for (const entry of message.history) {
          const li = document.createElement('li');
          const outcome = entry.outcome;
          li.textContent = outcome
            ? `${entry.at.slice(11, 19)} · ${outcome.statusCode}${outcome.functionError ? ' error' : ''} · ${fmt(outcome.duration)}`
            : `${entry.at.slice(11, 19)} · ${entry.error}`;
          if (outcome) {
            li.tabIndex = 0;
            li.addEventListener('click', () => {
              payload.value = entry.payload;
              showOutcome(outcome);
            });
          }
          list.append(li);
        }
        break;
      }
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
