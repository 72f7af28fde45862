// Starts GraphiQL on the playground page. It is a separate file, with its settings in a
// JSON block, so the page runs under a `script-src 'self'` Content-Security-Policy.
/* global React, ReactDOM, GraphiQL */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('playground-config').textContent);

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

  var props = {
    fetcher: GraphiQL.createFetcher({ url: config.endpoint }),
    // An empty list would leave GraphiQL without any tab; undefined gives its default one.
    defaultTabs: config.tabs.length ? config.tabs : undefined,
    visiblePlugin: GraphiQL.React.DOC_EXPLORER_PLUGIN,
    storage: storage,
    shouldPersistHeaders: false,
  };
  if (config.showVariables) props.defaultEditorToolsVisibility = true;

  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props));
})();
