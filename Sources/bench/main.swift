import LazyArray
print("bench: the suite lands with its own issue")
