// Adds the reader's local time beside each UTC time. The pages read fine without it.
document.querySelectorAll("time[datetime]").forEach(function (node) {
  var at = new Date(node.getAttribute("datetime"));
  if (isNaN(at)) return;
  var local = document.createElement("span");
  local.className = "local-time";
  local.textContent = " (" + at.toLocaleString([], {dateStyle: "medium", timeStyle: "short"}) + " your time)";
  node.after(local);
});
