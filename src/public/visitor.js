// The visitor's name and session, over HTTP: both demo pages use it. The sockets read the
// same session: a name saved here is the one the chat shows, and the messages the chat
// socket counts show here.
window.DemoVisitor = (function () {
  var renamed = [];
  var $ = function (id) { return document.querySelector("[data-itemid='" + id + "']"); };

  $('visitor').innerHTML =
    '<form data-itemid="name-form">' +
    '  <label>Your name <input data-itemid="name" maxlength="24"></label> <button>Save</button>' +
    '  <small data-itemid="name-error" role="alert"></small>' +
    '</form>' +
    '<p>Your session, read over HTTP: <span data-itemid="session">…</span></p>';

  function render(session) {
    $('session').textContent = 'name ' + session.name + ' · visits ' + session.visits + ' · messages sent ' + session.sent;
    var input = $('name');
    if (document.activeElement !== input) input.value = session.name;
  }

  /** GET /session, shown on the page; resolves with it. */
  function load() {
    return fetch('/session').then(function (response) { return response.json(); }).then(function (session) {
      render(session);
      return session;
    });
  }

  $('name-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var error = $('name-error');
    error.textContent = '';
    fetch('/session/name', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: $('name').value }),
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.message);
          return body.name;
        });
      })
      .then(function (name) {
        return load().then(function () { renamed.forEach(function (listener) { listener(name); }); });
      })
      .catch(function (failure) { error.textContent = failure.message; });
  });

  return {
    load: load,
    /** Called with the new name once it is saved in the session. */
    onRename: function (listener) { renamed.push(listener); },
  };
})();
