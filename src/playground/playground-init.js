// Starts GraphiQL on the playground page. It is a separate file, with its settings in a
// JSON block, so the page runs under a `script-src 'self'` Content-Security-Policy.
/* global React, ReactDOM, GraphiQL, GraphiQLPluginExplorer */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('playground-config').textContent);
  var h = React.createElement;

  // Storage can be blocked (privacy settings); GraphiQL then runs without persistence instead of failing.
  var storage = null;
  try {
    var basePrefix = config.storageBase + ':';
    var currentPrefix = config.storageNamespace + ':';
    // Tabs and history of earlier example sets can no longer be reached, so they only use up the quota.
    Object.keys(localStorage).forEach(function (key) {
      if (key.indexOf(basePrefix) === 0 && key.indexOf(currentPrefix) !== 0) localStorage.removeItem(key);
    });
    storage = GraphiQL.createLocalStorage({ namespace: config.storageNamespace });
  } catch (error) {
    console.warn('Playground: localStorage unavailable, tabs will not be kept', error);
  }

  // The example questions, listed by their plain titles: one opens in a new tab, ready to run, with a link to the
  // public page that shows the same answer where there is one.
  function ExamplesPanel() {
    var editor = GraphiQL.React.useEditorContext({ nonNull: true });
    function open(example) {
      editor.addTab();
      // The new tab is filled once GraphiQL has made it the active one.
      setTimeout(function () {
        if (editor.queryEditor) editor.queryEditor.setValue(example.query);
        if (editor.variableEditor) editor.variableEditor.setValue(example.variables || '');
      }, 0);
    }
    return h(
      'section',
      { className: 'playground-examples', 'aria-labelledby': 'playground-examples-title' },
      h('div', { className: 'graphiql-doc-explorer-title', id: 'playground-examples-title' }, 'Examples'),
      h('p', null, 'Questions the record answers. Choose one: it opens in a new tab; press the run button (▶) to see the answer.'),
      h(
        'ul',
        null,
        config.examples.map(function (example, i) {
          return h(
            'li',
            { key: i },
            h(
              'button',
              {
                type: 'button',
                onClick: function () {
                  open(example);
                },
              },
              example.title,
            ),
            example.page ? h('a', { href: example.page, target: '_blank', rel: 'noopener' }, 'page') : null,
          );
        }),
      ),
    );
  }
  var examplesPlugin = {
    title: 'Examples',
    icon: function () {
      return h(
        'svg',
        { viewBox: '0 0 24 24', width: 20, height: 20, fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': 'true' },
        h('path', { d: 'M4 6h16M4 12h16M4 18h10' }),
      );
    },
    content: ExamplesPanel,
  };
  // Build a query by ticking fields: the GraphiQL Explorer, served from this server like the rest.
  var explorerPlugin = GraphiQLPluginExplorer.explorerPlugin({ showAttribution: false });

  // GraphiQL can send the operation name of the tab it ran last with the query of another (a new tab whose query
  // was built in the Explorer), which the server refuses as an unknown operation: a name the query does not define
  // is left out, and a query of one operation runs as it is.
  var send = GraphiQL.createFetcher({ url: config.endpoint });
  function fetcher(params, options) {
    var name = params.operationName;
    if (name && !new RegExp('(query|mutation|subscription)\\s+' + name + '\\b').test(params.query || '')) {
      params = Object.assign({}, params, { operationName: undefined });
    }
    return send(params, options);
  }

  var props = {
    fetcher: fetcher,
    // An empty list would leave GraphiQL without any tab; undefined gives its default one.
    defaultTabs: config.tabs.length ? config.tabs : undefined,
    plugins: [examplesPlugin, explorerPlugin],
    // Every side panel starts closed, so the query and its answer have the screen.
    visiblePlugin: null,
    storage: storage,
    shouldPersistHeaders: false,
  };

  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
