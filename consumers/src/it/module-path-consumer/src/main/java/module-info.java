module example {
  requires io.github.resourcemanager;
}
