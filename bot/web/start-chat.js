// Starts the rasa-webchat widget with the page's configuration (ward code as customData).
(function () {
  var config = JSON.parse(document.getElementById("webchat-config").textContent);
  window.WebChat.default(
    {
      selector: "#webchat",
      socketUrl: config.socketUrl,
      socketPath: "/socket.io/",
      initPayload: config.initPayload,
      customData: config.customData,
      title: config.title,
      subtitle: config.subtitle,
      inputTextFieldHint: config.inputTextFieldHint,
      showFullScreenButton: false,
      params: { storage: "local" },
    },
    null
  );
})();
