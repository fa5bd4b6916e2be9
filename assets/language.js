/* The language links keep the reader's place: each link is the page's current address
 * (date, town and any other parameter) with only ?lang= changed. Dash calls this
 * whenever the address changes (dashboard/web/interface.py).
 */
window.dash_clientside = window.dash_clientside || {};
window.dash_clientside.language = {
    links: function (search) {
      const outputs = window.dash_clientside.callback_context.outputs_list || [];
      return outputs.map(function (output) {
        const params = new URLSearchParams(search || "");
        params.set("lang", output.id.lang);
        return "?" + params.toString();
      });
    },
};
